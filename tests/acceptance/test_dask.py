"""A dataset validated on a Dask cluster gives the same rows as `amity validate`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from amity.cli.main import main  # noqa: E402
from amity.engine.frames import validate_dask  # noqa: E402
from click.testing import CliRunner  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "relationships.csv"


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=3, threads_per_worker=1, processes=True, dashboard_address=":0", scheduler_port=0
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def test_a_local_cluster_of_several_workers_gives_the_rows_amity_validate_gives(client):
    frame = dd.read_csv(DATA, dtype=str, keep_default_na=False, blocksize=2_000)  # several partitions
    assert frame.npartitions >= 3
    results = validate_dask(frame).compute()
    workers = client.run(lambda: 1)
    assert len(workers) == 3

    cli = CliRunner().invoke(main, ["validate", str(DATA), "-f", "jsonl", "-q", "-j", "1"], catch_exceptions=False)
    expected = [json.loads(line) for line in cli.stdout.splitlines()]
    assert len(results) == len(expected) == len(DATA.read_text(encoding="utf-8").splitlines()) - 1
    for (_, got), want in zip(results.iterrows(), expected, strict=True):
        assert got["id"] == want["id"] and got["status"] == want["status"] == "ok"
        assert (None if got.isna()["level"] else got["level"]) == want["level"]
        assert got["possible_levels"].split(";") == want["possible_levels"]
        assert (None if got.isna()["verdict"] else got["verdict"]) == want["verdict"]
        for risk, r in want["risks"].items():
            assert (None if got.isna()[risk] else got[risk]) == r["rating"]
            assert got[f"{risk}_possible"].split(";") == r["possible_ratings"]
        assert (None if got.isna()["hedging"] else bool(got["hedging"])) == want["hedging"]


def test_a_bad_row_on_a_cluster_is_located_in_its_partition(client, tmp_path):
    # each partition counted its rows from 0 and named itself '<frame>': bad rows of several partitions were
    # each '<frame>: /N/summits', and which row each was could not be told (found by a trial); now each names
    # its partition, whose rows the position counts
    lines = ["id,parties,summits"] + [f"r{i},USA;JPN,{'anual' if i % 10 == 3 else 'annual'}" for i in range(90)]
    (data := tmp_path / "rows.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame = dd.read_csv(data, dtype=str, keep_default_na=False, blocksize=len(data.read_bytes()) // 4)
    assert frame.npartitions >= 3
    results = validate_dask(frame).compute()
    bad = results[results.status == "error"]
    assert bad.id.tolist() == [f"r{i}" for i in range(3, 90, 10)]
    where = {}  # each row's partition and position in it
    for n in range(frame.npartitions):
        for i, ident in enumerate(frame.partitions[n].compute().id):
            where[ident] = (n, i)
    said = [e.split(": ", 2)[:2] for e in bad.errors]
    assert said == [[f"<partition {where[r][0]}>", f"/{where[r][1]}/summits"] for r in bad.id]
    assert len({p for p, _ in said}) >= 2  # rows of several partitions, each told apart
