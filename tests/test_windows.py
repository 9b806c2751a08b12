"""Tests of lbpkit.windows: window placement under each scheme, exposure summaries, problem flags."""

import numpy as np
import pandas as pd
import pytest

from lbpkit.windows import case_crossover_windows, make_windows, window_exposure, window_problems


def test_fixed_scheme_steffens_offsets():
    ev = pd.DataFrame({"id": [7, 7], "time": [200.0, 100.0]})
    w = make_windows(ev, scheme="fixed", hazard=(0, 2), referents=[(24, 26), (48, 50)])
    assert len(w) == 6
    first = w[w["stratum"] == 0]  # events are sorted by time within person: onset 100 first
    assert first["onset"].tolist() == [100.0] * 3
    assert first["start"].tolist() == [98.0, 74.0, 50.0]
    assert first["end"].tolist() == [100.0, 76.0, 52.0]
    assert first["case"].tolist() == [1, 0, 0] and first["role"].tolist() == ["hazard", "referent", "referent"]
    assert first["shift"].tolist() == [0.0, -24.0, -48.0]
    assert w["event"].tolist() == [1, 1, 1, 2, 2, 2]
    assert not w["shares_hours"].any()


def test_unidirectional_and_bidirectional():
    ev = pd.DataFrame({"id": [1], "time": [1000]})
    uni = make_windows(ev, scheme="unidirectional", hazard=(1, 3), lag=24, n_referents=3)
    assert uni["start"].tolist() == [997, 973, 949, 925]
    assert uni["end"].tolist() == [999, 975, 951, 927]
    bi = make_windows(ev, scheme="bidirectional", hazard=(0, 2), lag=168, n_referents=2)
    assert sorted(bi["shift"].tolist()) == [-336, -168, 0, 168, 336]
    ref = bi[bi["role"] == "referent"]
    assert (ref["end"] - ref["start"]).eq(2).all()
    assert set(ref["end"] - 1000) == {-336, -168, 168, 336}


def test_time_stratified_same_weekday_same_month():
    onsets = pd.to_datetime(["2024-03-13 10:00", "2024-02-29 07:30", "2023-12-31 23:00"])
    ev = pd.DataFrame({"id": ["a", "b", "c"], "time": onsets})
    w = make_windows(ev, scheme="time_stratified", hazard=(0, 1))
    for _, grp in w.groupby("stratum"):
        onset = grp["onset"].iloc[0]
        ends = grp["end"]  # window end = (shifted) onset time
        assert (ends.dt.day_of_week == onset.day_of_week).all()
        assert (ends.dt.month == onset.month).all() and (ends.dt.year == onset.year).all()
        assert (ends.dt.time == onset.time()).all()
        # every same-weekday day of that month is used exactly once
        month_days = pd.date_range(onset.to_period("M").start_time, onset.to_period("M").end_time, freq="D")
        expected = {d.day for d in month_days if d.day_of_week == onset.day_of_week}
        assert sorted(ends.dt.day) == sorted(expected)
        assert (grp["case"] == (grp["end"] == onset)).all()


def test_time_stratified_needs_datetimes():
    with pytest.raises(TypeError, match="datetime"):
        make_windows(pd.DataFrame({"id": [1], "time": [5.0]}), scheme="time_stratified")


def test_shares_hours_and_other_event_flags():
    ev = pd.DataFrame({"id": [1, 1, 2], "time": [100.0, 125.0, 100.0]})
    w = make_windows(ev, scheme="fixed", hazard=(0, 2), referents=[(1, 3), (24, 26)])
    s0 = w[w["stratum"] == 0]
    assert s0["shares_hours"].tolist() == [True, True, False]
    s1 = w[w["stratum"] == 1]  # referent 24–26 h before 125 is [99, 101): contains onset 100
    assert s1["other_event"].tolist() == [False, False, True]
    assert not w.loc[w["id"] == 2, "other_event"].any()  # another person's onset does not count
    report = window_problems(w)
    assert report.loc["shares_hours", "n_windows"] == 6 and report.loc["other_event", "n_strata"] == 1


def test_window_exposure_summaries_by_hand():
    rec = pd.DataFrame({"id": [1] * 6 + [2] * 6, "time": list(range(6)) * 2,
                        "x": [0, 1, 2, 3, 4, 5, 10, 10, 10, 10, 10, 10]})
    w = make_windows(pd.DataFrame({"id": [1, 2], "time": [6, 6]}), scheme="fixed", hazard=(0, 2), referents=[(3, 5)])
    for how, expected in [("mean", [4.5, 1.5, 10, 10]), ("sum", [9, 3, 20, 20]), ("max", [5, 2, 10, 10]), ("any", [1, 1, 1, 1])]:
        out = window_exposure(w, rec, exposures="x", how=how)
        assert out["x"].tolist() == expected, how
    assert (out["n_records"] == 2).all() and not out["out_of_record"].any()


def test_out_of_record_and_missing_values():
    rec = pd.DataFrame({"id": 1, "time": np.arange(10, 50), "x": 1.0})
    rec.loc[rec["time"].isin([30, 31]), "x"] = np.nan
    w = make_windows(pd.DataFrame({"id": [1], "time": [32]}), scheme="fixed", hazard=(0, 2),
                     referents=[(10, 12), (21, 23), (30, 40)])
    out = window_exposure(w, rec, exposures="x")
    # hazard [30, 32) holds only missing values; [20, 22) is fine; [9, 11) starts before the
    # record (which begins at 10); [-8, 2) lies outside it
    assert out["out_of_record"].tolist() == [True, False, True, True]
    assert np.isnan(out["x"].iloc[0]) and out["x"].iloc[1] == 1.0
    assert out["n_records"].tolist() == [0, 2, 1, 0]


def test_case_crossover_windows_problem_modes():
    rec = pd.DataFrame({"id": 1, "time": np.arange(100), "x": np.arange(100) % 2})
    ev = pd.DataFrame({"id": [1, 1], "time": [30, 90]})
    kwargs = dict(exposures="x", scheme="fixed", hazard=(0, 2), referents=[(24, 26), (48, 50)])
    with pytest.warns(UserWarning, match="1 window.*not fully covered"):
        out = case_crossover_windows(ev, rec, **kwargs)
    assert out.attrs["problems"]["out_of_record"] == 1 and len(out) == 6
    with pytest.raises(ValueError, match="Problem windows"):
        case_crossover_windows(ev, rec, problems="raise", **kwargs)
    with pytest.warns(UserWarning, match="Dropped the 1 out-of-record"):
        dropped = case_crossover_windows(ev, rec, problems="drop", **kwargs)
    assert len(dropped) == 5 and dropped.attrs["n_windows_dropped"] == 1


def test_datetime_windows_with_datetime_record():
    times = pd.date_range("2024-01-01", periods=24 * 10, freq="h")
    rec = pd.DataFrame({"id": "p1", "time": times, "x": (times.hour >= 20).astype(int)})
    ev = pd.DataFrame({"id": ["p1"], "time": [pd.Timestamp("2024-01-08 22:00")]})
    out = case_crossover_windows(ev, rec, exposures="x", scheme="unidirectional", lag=24, n_referents=3, how="any")
    assert out["x"].tolist() == [1.0, 1.0, 1.0, 1.0]  # 20:00–22:00 every day
    out = case_crossover_windows(ev, rec, exposures="x", scheme="fixed", hazard=(0, 2), referents=[(12, 14)], how="any")
    assert out["x"].tolist() == [1.0, 0.0]


def test_input_errors():
    ev = pd.DataFrame({"id": [1], "time": [10.0]})
    with pytest.raises(ValueError, match="scheme"):
        make_windows(ev, scheme="random")
    with pytest.raises(ValueError, match="needs `referents`"):
        make_windows(ev, scheme="fixed")
    with pytest.raises(ValueError, match="positive `lag`"):
        make_windows(ev, scheme="bidirectional")
    with pytest.raises(ValueError, match="start < end"):
        make_windows(ev, scheme="unidirectional", hazard=(2, 0), lag=5)
    with pytest.raises(ValueError, match="time_col='onset'"):
        make_windows(ev, scheme="unidirectional", lag=5, time_col="onset")
    rec = pd.DataFrame({"id": 1, "time": pd.date_range("2024-01-01", periods=5, freq="h"), "x": 1})
    w = make_windows(ev, scheme="unidirectional", lag=5)
    with pytest.raises(TypeError, match="same kind"):
        window_exposure(w, rec, exposures="x")
