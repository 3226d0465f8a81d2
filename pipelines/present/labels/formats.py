"""Words the locale formatting and the indicator catalogue put around numbers."""
LABELS: dict[str, tuple[str, str]] = {
    "percentage_points": ("poin persen", "percentage points"),
}
