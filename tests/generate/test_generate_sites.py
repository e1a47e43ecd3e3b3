"""``generate --shape site_based``: the Leningrad-style region, seeded, and the shipped example."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources

import pytest
from typer.testing import CliRunner

import mentornet.cli
from mentornet.generate import generate_site_region
from mentornet.io import SITE_BASED_EXAMPLE, read_network_and_policy, site_based_example
from mentornet.model import Results

mentornet.cli._register()


def test_the_region_has_the_seeds_shape():
    net = generate_site_region(seed=0)
    assert len(net.municipalities()) == 18
    assert len(net.sites) == 9
    assert sum(s.results is Results.low for s in net.schools) == 74
    assert len(net.curators) == 7
    # Consultants cover several districts, each district exactly one consultant.
    covered = Counter(m for c in net.curators for m in c.municipalities)
    assert set(covered) == set(net.municipalities()) and set(covered.values()) == {1}
    assert max(len(c.municipalities) for c in net.curators) > 1
    assert len(net.directions) == 4 and sum(d.online for d in net.directions) == 2
    assert any(len(s.schools) > 1 for s in net.sites)  # a site network
    assert {s.term_years for s in net.sites} == {3}
    assert all(s.max_schools and s.max_pairs for s in net.sites)


def test_same_seed_same_region_other_seed_other_region():
    assert generate_site_region(seed=5) == generate_site_region(seed=5)
    assert generate_site_region(seed=5) != generate_site_region(seed=6)


@pytest.mark.parametrize(("kwargs", "word"), [({"sites": 1}, "sites"), ({"municipalities": 1}, "municipalities"),
                                               ({"trainees": 3}, "trainees"), ({"directions": 5}, "directions")])
def test_sizes_out_of_range(kwargs, word):
    with pytest.raises(ValueError, match=word):
        generate_site_region(**kwargs)


def test_the_shipped_example_is_the_generator_seed_zero_and_labelled_synthetic(tmp_path):
    net, policy = site_based_example()
    assert net == generate_site_region(seed=0)
    assert "synthetic" in net.name
    out = tmp_path / "region.json"
    result = CliRunner().invoke(mentornet.cli.app, ["generate", "--shape", "site_based", "--seed", "0", str(out)])
    assert result.exit_code == 0, result.output
    again, pol = read_network_and_policy(out)
    assert again == net and pol.shape == "site_based" and pol.online_max_km == policy.online_max_km
    shipped = json.loads((resources.files("mentornet") / "data" / SITE_BASED_EXAMPLE).read_text(encoding="utf-8"))
    assert shipped["policy"] == {"shape": "site_based", "online_max_km": 100.0}


def test_an_unknown_shape_is_refused(tmp_path):
    result = CliRunner().invoke(mentornet.cli.app, ["generate", "--shape", "ring", str(tmp_path / "x.json")])
    assert result.exit_code == 2
