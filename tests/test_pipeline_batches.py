"""One process codes consecutive articles in batches (one parse call); a failure inside a batch is the
failing article's alone, and batched results equal article-by-article ones."""
from __future__ import annotations

from dyadwatch import pipeline
from dyadwatch import run as run_module
from dyadwatch.records import to_dict
from dyadwatch.run import process_inputs
from dyadwatch.settings import load_settings


class RecordingCoder:
    """Codes nothing, remembers the batches it was given, fails on an article saying BOOM."""

    def __init__(self):
        self.batches: list[list[str]] = []

    def code_article(self, article):
        if "BOOM" in article.text:
            raise ValueError("odd text")
        return []

    def code_articles(self, articles):
        self.batches.append([a.path for a in articles])
        return [self.code_article(a) for a in articles]


def _texts(tmp_path, n, bad=None):
    paths = []
    for i in range(n):
        path = tmp_path / f"doc{i:02d}.txt"
        body = "BOOM goes this one." if i == bad else f"Article number {i} says something about Japan."
        path.write_text(f"Headline {i}\n\n{body}\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def test_articles_are_coded_in_batches_in_input_order(tmp_path):
    paths = _texts(tmp_path, 19)
    coder = RecordingCoder()
    out = list(process_inputs(paths, load_settings(quiet=True), coder=coder))
    assert [p.article.path for p in out] == paths
    sizes = [len(b) for b in coder.batches]
    per_call = run_module.DOCUMENTS_PER_CODING_CALL
    assert sizes == [per_call] * (19 // per_call) + [19 % per_call]


def test_a_failing_article_is_reported_alone_and_the_batch_goes_on(tmp_path):
    paths = _texts(tmp_path, 10, bad=3)
    errors = []
    out = list(process_inputs(paths, load_settings(quiet=True), coder=RecordingCoder(), on_error=errors.append))
    assert [p.article.path for p in out] == paths[:3] + paths[4:]
    assert [e.path for e in errors] == [paths[3]]
    assert "cannot process: ValueError: odd text" in str(errors[0])


class CrashingCoder(RecordingCoder):
    """Fails the way a bug or a third-party library does on text nobody foresaw: not a ValueError."""

    def code_article(self, article):
        if "BOOM" in article.text:
            raise KeyError("a key the coder expected\non two lines")
        return []


def test_any_exception_from_one_article_is_its_own_one_line_error(tmp_path):
    paths = _texts(tmp_path, 6, bad=2)
    errors = []
    out = list(process_inputs(paths, load_settings(quiet=True), coder=CrashingCoder(), on_error=errors.append))
    assert [p.article.path for p in out] == paths[:2] + paths[3:]
    assert [e.path for e in errors] == [paths[2]]
    assert "cannot process: KeyError" in str(errors[0]) and "\n" not in str(errors[0])


def test_batched_coding_equals_one_article_at_a_time(tmp_path, monkeypatch):
    from pathlib import Path

    samples = Path(pipeline.__file__).parent / "data" / "samples"
    paths = [str(samples / "ishiba-japan-us-alliance.txt"), *sorted(str(p) for p in samples.glob("*.html.gz"))]
    settings = load_settings(quiet=True)

    def run():
        return [(to_dict(p.article), [to_dict(e) for e in p.events], [to_dict(x) for x in p.pledges])
                for p in process_inputs(paths, settings)]

    batched = run()
    monkeypatch.setattr(run_module, "DOCUMENTS_PER_CODING_CALL", 1)
    one_by_one = run()
    assert sum(len(events) for _, events, _ in batched) > 0
    assert batched == one_by_one


def test_a_worker_task_of_several_documents_gives_each_its_own_outcome(monkeypatch):
    """`pipeline_processor(...).many` (what a worker runs on a chunk): the same outcome per document as
    one at a time, a cleaning error and a coding error each the document's own."""
    from dyadwatch.records import RawDocument
    from dyadwatch.workers import _outcome, pipeline_processor

    original = pipeline.process_articles

    def fails_on_boom(articles, settings, coder):
        if any("BOOM" in a.text for a in articles):
            raise ValueError("odd text")
        return original(articles, settings, coder)

    monkeypatch.setattr(pipeline, "process_articles", fails_on_boom)
    run = pipeline_processor(load_settings(quiet=True))
    raws = [
        RawDocument(path="a.txt", body="Japan and the United States agreed to expand defence ties.", format="text"),
        RawDocument(path="boom.txt", body="BOOM went the text.", format="text"),
        RawDocument(path="empty.html", body="<html><body></body></html>", format="html"),
        RawDocument(path="b.txt", body="China accused Japan of provoking tensions.", format="text"),
    ]
    together = run.many(raws)
    alone = [_outcome(run, raw) for raw in raws]
    assert [kind for kind, _ in together] == ["ok", "input-error", "input-error", "ok"]
    assert together[1][1] == ("boom.txt", "cannot process: ValueError: odd text")
    assert together[2][1][0] == "empty.html"
    assert [to_dict(v.article) if k == "ok" else v for k, v in together] == \
        [to_dict(v.article) if k == "ok" else v for k, v in alone]
    assert [[to_dict(e) for e in v.events] for k, v in together if k == "ok"] == \
        [[to_dict(e) for e in v.events] for k, v in alone if k == "ok"]


def test_errors_and_results_come_in_input_order(tmp_path):
    paths = _texts(tmp_path, 12, bad=5)
    broken = tmp_path / "doc03.html.gz"  # not gzip: a reading error between documents 2 and 4
    broken.write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    paths.insert(3, str(broken))
    seen = []
    for processed in process_inputs(paths, load_settings(quiet=True), coder=RecordingCoder(),
                                    on_error=lambda e: seen.append(("error", e.path))):
        seen.append(("ok", processed.article.path))
    assert [path for _, path in seen] == paths
    assert [kind for kind, _ in seen].count("error") == 2
