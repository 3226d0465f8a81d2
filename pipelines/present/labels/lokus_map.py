"""Words of the lokus map as an HTML page (pipelines/outputs/lokus_html.py)."""
LABELS: dict[str, tuple[str, str]] = {
    "lokus_html_title": ("{Place} lokus stunting {kabupaten}, {period}", "Stunting lokus {place}, {kabupaten}, {period}"),
    "lokus_html_saved": ("Pilihan tersimpan: {name}", "Saved selection: {name}"),
}
