"""Numbers read the way an Indonesian (or English) reader expects."""
from pipelines.present import format as fmt


def test_indonesian_decimal_comma_and_thousands_dot():
    assert fmt.number(38981) == "38.981"
    assert fmt.number(1234.56, 1) == "1.234,6"
    assert fmt.percent(0.2284) == "22,8 %"
    assert fmt.share_range(0.182, 0.279) == "18,2–27,9 %"


def test_english_uses_the_dot():
    assert fmt.number(38981, lang="en") == "38,981"
    assert fmt.percent(0.2284, lang="en") == "22.8 %"


def test_change_is_signed_percentage_points():
    assert fmt.points(0.031) == "+3,1 pp"
    assert fmt.points(-0.005) == "-0,5 pp"


def test_missing_values_show_a_dash():
    assert fmt.percent(None) == fmt.DASH
    assert fmt.percent(float("nan")) == fmt.DASH


def test_period_and_date_in_words():
    assert fmt.period_words("2025-08") == "Agustus 2025"
    assert fmt.period_words("2025-02", "en") == "February 2025"
    assert fmt.date_words("2026-12-02") == "2 Desember 2026"


def test_time_stamp_in_words():
    assert fmt.datetime_words("2025-09-01 08:30:00") == "1 September 2025 08.30"
    assert fmt.datetime_words("2025-09-01 08:30:00", "en") == "1 September 2025 08:30"
