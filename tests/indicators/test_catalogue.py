"""The indicator catalogue: stunting first, nouns that match the population, cut-offs the SQL uses."""
import pytest

from pipelines.indicators import catalogue


def test_stunting_leads_and_groups_follow_the_catalogue_order():
    keys = ["svc_anc_4x", "coverage", "overweight", "wasting", "stunting", "konvergensi", "underweight"]
    order = [i.key for i in catalogue.ordered(keys, service_targets={"anc_4x": ["ibu_hamil"]})]
    assert order[0] == "stunting"
    assert order.index("wasting") < order.index("underweight") < order.index("coverage")
    assert order.index("svc_anc_4x") < order.index("konvergensi")


def test_population_noun_follows_the_target():
    assert catalogue.indicator("stunting").noun_text() == "balita"
    assert catalogue.indicator("hpk_complete_access_ibu_hamil").noun_text() == "ibu hamil"
    assert catalogue.indicator("hpk_complete_access_ibu_hamil").noun_text("en") == "pregnant women"


def test_growth_cut_offs_generate_the_sql_conditions():
    columns = catalogue.growth_count_columns()
    assert ("stunting", "zc < -200") in columns["haz"]
    assert ("overweight", "zc > 200") in columns["whz"]


def test_who_thresholds_and_direction():
    stunting = catalogue.indicator("stunting")
    assert stunting.thresholds == (0.025, 0.10, 0.20, 0.30)
    assert stunting.higher_is_worse and not catalogue.indicator("coverage").higher_is_worse


def test_unknown_indicator_needs_an_entry():
    with pytest.raises(KeyError):
        catalogue.indicator("not_an_indicator")
