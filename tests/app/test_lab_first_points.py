"""A key's first points: taken while the key is handled when the data are built, so they
reach the screen in the frame that shows the key's effect (issue 14: on a host where
thirty learners press at once, a worker's first record waited a scheduler round or more)."""

from __future__ import annotations

from lab_host import LONG, LabApp


async def test_turning_lambda_shows_the_new_runs_first_points_with_the_key() -> None:
    """λ keeps the data: once ``do`` returns, the new run's epoch-0 points and numbers are
    what the panel shows, before any worker record or message; the worker goes on from
    the second record."""
    app = LabApp(LONG, test_mode=False)
    async with app.run_test(size=(100, 30)):
        lab = app.panel
        await app.until(lambda: len(lab.curves) > 0)
        old = lab.run_id
        lab.do("lambd_up")  # no await: nothing else has run since the key
        assert lab.run_id != old and lab.shown.run_id == lab.run_id
        assert lab.metrics is not None and lab.metrics["lambd"] == 0.001
        assert lab.shown.epoch == 0 and len(lab.curves) == 1 and lab.status == "running"
        assert lab.runner.worker is not None
        await app.until(lambda: lab.shown.epoch > 0)  # the worker's records follow
        assert lab.metrics["lambd"] == 0.001 and len(lab.curves) > 1
        lab.runner.worker.cancel()


async def test_new_data_are_built_by_the_worker_not_while_the_key_is_handled() -> None:
    """A data setting never built (here a new noise level) may take long to draw: the key
    returns at once, and the first points come from the worker."""
    app = LabApp(LONG, test_mode=False)
    async with app.run_test(size=(100, 30)):
        lab = app.panel
        await app.until(lambda: len(lab.curves) > 0)
        fresh = lab.config.with_changes(noise=0.2345)
        assert not fresh.data_built()
        lab.apply(fresh)
        assert lab.metrics is None and lab.status == "starting"
        await app.until(lambda: lab.metrics is not None)
        assert lab.metrics["epoch"] >= 0 and fresh.data_built()
        lab.runner.worker.cancel()
