"""The store pipeline commits articles in batches and acknowledges each only once its batch has committed."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from crawler.items import ArticleItem
from crawler.store import open_store
from pipelines.store import StorePipeline

TEXT = "Ngày 11/7/2022, Ban Chấp hành Đảng bộ huyện Tân Hồng tổ chức Hội nghị lần thứ 9 để đánh giá kết quả."


def article(n: int) -> ArticleItem:
    item = ArticleItem("lf", f"https://lf.gov.vn/bai/{n}", "liferay", f"Bài số {n} của huyện", lead=f"{TEXT} ({n})")
    item.dedupe_key = f"lf:id:{n}"
    return item


def pipeline(tmp_path: Path, **settings: Any) -> tuple[StorePipeline, list[int]]:
    """An open store pipeline on a fresh file, and the sizes of the transactions it commits."""
    crawler = get_crawler(settings_dict={"PORTALWATCH_DB": str(tmp_path / "pw.sqlite3"), **settings})
    pipe = StorePipeline.from_crawler(crawler)
    pipe.open_spider()
    assert pipe.store is not None
    sizes: list[int] = []
    save = pipe.store.save_articles

    def counted(batch: Sequence[tuple[ArticleItem, str, Sequence[str]]]) -> Any:
        sizes.append(len(batch))
        return save(batch)

    pipe.store.save_articles = counted  # type: ignore[method-assign]
    return pipe, sizes


def stored(tmp_path: Path) -> set[str]:
    store = open_store(tmp_path / "pw.sqlite3")
    try:
        return {r["url"] for r in store.articles()}
    finally:
        store.close()


def test_articles_are_committed_together_and_acknowledged_after_the_commit(tmp_path: Path) -> None:
    pipe, sizes = pipeline(tmp_path)
    items = [article(n) for n in range(3)]

    async def crawl() -> list[Any]:
        pending = [pipe.process_item(i) for i in items]
        assert all(isinstance(p, asyncio.Future) and not p.done() for p in pending)
        assert stored(tmp_path) == set()  # nothing committed yet, nothing acknowledged
        assert pipe.crawler.stats is not None and pipe.crawler.stats.get_value("portalwatch/items/new") is None
        return await asyncio.gather(*pending)

    assert asyncio.run(crawl()) == items
    assert sizes == [3]
    assert stored(tmp_path) == {i.url for i in items}
    assert pipe.crawler.stats is not None and pipe.crawler.stats.get_value("portalwatch/items/new") == 3
    pipe.close_spider()


def test_a_full_batch_commits_without_waiting(tmp_path: Path) -> None:
    pipe, sizes = pipeline(tmp_path, PORTALWATCH_STORE_BATCH=2, PORTALWATCH_STORE_BATCH_DELAY=60)

    async def crawl() -> None:
        await asyncio.wait_for(asyncio.gather(*[pipe.process_item(article(n)) for n in range(4)]), timeout=10)

    asyncio.run(crawl())  # a 60 s delay would time out: full batches commit at once
    assert sizes == [2, 2]
    pipe.close_spider()


def test_a_bad_article_fails_alone(tmp_path: Path) -> None:
    pipe, sizes = pipeline(tmp_path)
    bad = article(1)
    bad.images = [object()]  # type: ignore[list-item]  # the store cannot write it (not JSON)

    async def crawl() -> list[Any]:
        return await asyncio.gather(
            *[pipe.process_item(i) for i in (article(0), bad, article(2))], return_exceptions=True
        )

    good0, failed, good2 = asyncio.run(crawl())
    assert isinstance(failed, Exception) and isinstance(good0, ArticleItem) and isinstance(good2, ArticleItem)
    assert sizes == [3, 1, 1, 1]  # the batch rolled back, then one transaction each
    assert stored(tmp_path) == {good0.url, good2.url}
    assert pipe.crawler.stats is not None and pipe.crawler.stats.get_value("portalwatch/items/new") == 2
    pipe.close_spider()


def test_without_an_event_loop_each_article_is_written_at_once(tmp_path: Path) -> None:
    pipe, sizes = pipeline(tmp_path)
    item = article(7)
    assert pipe.process_item(item) is item
    assert sizes == [1] and stored(tmp_path) == {item.url}
    pipe.close_spider()


@pytest.mark.parametrize("delay", [0.0, 0.05])
def test_a_second_run_finds_every_article_stored_once(tmp_path: Path, delay: float) -> None:
    for _ in range(2):
        pipe, _sizes = pipeline(tmp_path, PORTALWATCH_STORE_BATCH_DELAY=delay)

        async def crawl(pipe: StorePipeline = pipe) -> None:
            await asyncio.gather(*[pipe.process_item(article(n)) for n in range(5)])

        asyncio.run(crawl())
        pipe.close_spider()
    assert pipe.crawler.stats is not None and pipe.crawler.stats.get_value("portalwatch/items/unchanged") == 5
    assert len(stored(tmp_path)) == 5
