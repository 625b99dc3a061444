"""Reading and validating article files: no spaCy model needed."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.sources import ArticleError, read_article, read_folder

BODY = "Russian diplomats met a Taliban delegation in Moscow on Friday, the Foreign Ministry said.\n"


def article_file(folder: Path, name: str, front: str, body: str = BODY) -> Path:
    path = folder / name
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


def read(path: Path):
    return read_article(path, path.name)


# --- front matter errors -----------------------------------------------------------------

FRONT_MATTER_ERRORS = [
    # (file text, words the message must contain, line or None when any line will do)
    pytest.param("---\ndate: 2019-09-23\n---\n" + BODY, ["title"], 1, id="missing-title"),
    pytest.param("---\ntitle: Envoys meet\n---\n" + BODY, ["date"], 1, id="missing-date"),
    pytest.param("---\ntitle: Envoys meet\ndate: 2021-02-30\n---\n" + BODY, ["date", "2021-02-30"], None,
                 id="impossible-date"),
    pytest.param("---\ntitle: Envoys meet\ndate: 2019-09-23\nsource: Reuters\nrating: 5\n---\n" + BODY,
                 ["unknown", "rating"], None, id="unknown-key"),
    pytest.param("---\ntitle: Envoys meet\ndate: 2019-09-23\nurl: ftp://news.example.com/a\n---\n" + BODY,
                 ["url", "http"], None, id="non-http-url"),
    pytest.param("---\ntitle: Envoys meet\ndate: 2019-09-23\nurl: javascript:alert(1)\n---\n" + BODY,
                 ["url", "http"], None, id="javascript-url"),
    pytest.param(BODY, ["front matter"], None, id="no-front-matter"),
    pytest.param("---\ntitle: Envoys meet\ndate: [2019, 9, 23]\n---\n" + BODY, ["'date' must be yyyy-mm-dd, not a list"],
                 None, id="date-as-a-list"),
    pytest.param("---\n- title\n- date\n---\n" + BODY, ["not a mapping of keys to values (it is a list)"], None,
                 id="front-matter-a-list"),
]


@pytest.mark.parametrize("text, words, line", FRONT_MATTER_ERRORS)
def test_front_matter_errors_name_the_problem(tmp_path, text, words, line):
    path = tmp_path / "article.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ArticleError) as caught:
        read(path)
    message = str(caught.value).lower()
    for word in words:
        assert word.lower() in message, f"{word!r} not in {message!r}"
    if line is not None:
        assert caught.value.line == line


@pytest.mark.parametrize("front, bad_line", [
    pytest.param("title: Envoys meet\ndate: 2019-09-23\ntags: diplomacy: russia\n", 4, id="colon-in-value"),
    pytest.param("title: Envoys meet\ndate: 2019-09-23\nauthor: @newsdesk\n", 4, id="reserved-character"),
    pytest.param("title: Envoys meet\n\tdate: 2019-09-23\n", 3, id="tab-indent"),
])
def test_invalid_yaml_gives_the_line_of_the_error(tmp_path, front, bad_line):
    path = article_file(tmp_path, "bad.md", front)
    with pytest.raises(ArticleError) as caught:
        read(path)
    assert "yaml" in str(caught.value).lower()
    # the line of the file (the opening '---' is line 1) that holds the mistake
    assert caught.value.line == bad_line


def test_impossible_date_in_a_folder_is_a_problem_not_a_crash(tmp_path):
    article_file(tmp_path, "a-good.md", "title: Envoys meet\ndate: 2019-09-23\n")
    article_file(tmp_path, "b-feb30.md", "title: Envoys meet again\ndate: 2021-02-30\n",
                 "Taliban negotiators returned to Doha on Tuesday.\n")
    found = read_folder(tmp_path)
    assert [a.path for a in found.articles] == ["a-good.md"]
    assert [p.path for p in found.problems] == ["b-feb30.md"]
    assert "date" in found.problems[0].message


def test_quoted_impossible_date_is_reported(tmp_path):
    path = article_file(tmp_path, "a.md", "title: Envoys meet\ndate: \"2021-02-30\"\n")
    with pytest.raises(ArticleError, match="date"):
        read(path)


# --- bytes ----------------------------------------------------------------------------------

def test_non_utf8_bytes_are_reported(tmp_path):
    path = tmp_path / "latin1.md"
    path.write_bytes("---\ntitle: Peña Nieto visits\ndate: 2019-09-23\n---\nPeña Nieto met Trump.\n".encode("latin-1"))
    with pytest.raises(ArticleError, match="UTF-8"):
        read(path)


def test_binary_file_is_reported(tmp_path):
    path = tmp_path / "photo.md"
    path.write_bytes(b"---\ntitle: x\n---\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ArticleError, match="binary"):
        read(path)


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n"])
def test_empty_file_is_reported(tmp_path, content):
    path = tmp_path / "empty.md"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match="empty"):
        read(path)


def test_front_matter_without_body_is_reported(tmp_path):
    path = article_file(tmp_path, "a.md", "title: Envoys meet\ndate: 2019-09-23\n", "\n\n")
    with pytest.raises(ArticleError, match="no text"):
        read(path)


def test_bom_and_crlf_are_handled(tmp_path):
    path = tmp_path / "windows.md"
    text = ("---\r\ntitle: Envoys meet in Moscow\r\ndate: 2019-09-23\r\n---\r\n"
            "Russian diplomats met the delegation.\r\n\r\n\"The talks were useful,\" Kabulov said.\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    article = read(path)
    assert article.title == "Envoys meet in Moscow"
    assert article.date == date(2019, 9, 23)
    assert "\r" not in article.text and "\ufeff" not in article.text
    assert article.text == "Russian diplomats met the delegation.\n\n\"The talks were useful,\" Kabulov said."


def test_old_mac_line_endings_are_normalised(tmp_path):
    path = tmp_path / "mac.md"
    path.write_bytes(b"---\rtitle: Envoys meet\rdate: 2019-09-23\r---\rFirst paragraph.\r\rSecond paragraph.\r")
    article = read(path)
    assert article.text == "First paragraph.\n\nSecond paragraph."


# --- other formats and repairs ----------------------------------------------------------------

def test_txt_article_takes_title_and_date_lines(tmp_path):
    path = tmp_path / "envoys.txt"
    path.write_text("Envoys meet in Moscow\nDate: 2019-09-13\n\nRussian diplomats met a Taliban delegation.\n\n"
                    "The talks lasted two days.\n", encoding="utf-8")
    article = read(path)
    assert article.title == "Envoys meet in Moscow"
    assert article.date == date(2019, 9, 13)
    assert article.text == "Russian diplomats met a Taliban delegation.\n\nThe talks lasted two days."
    assert article.id == "a-envoys"


def test_txt_article_without_date_line_is_reported(tmp_path):
    path = tmp_path / "envoys.txt"
    path.write_text("Envoys meet in Moscow\n\nRussian diplomats met a Taliban delegation.\n", encoding="utf-8")
    with pytest.raises(ArticleError, match="date"):
        read(path)


def test_mojibake_is_repaired(tmp_path):
    path = article_file(tmp_path, "mexico.md", "title: PeÃ±a Nieto meets Trump\ndate: 2016-08-31\n",
                        "Mexican President Enrique PeÃ±a Nieto met Donald Trump in Mexico City.\n")
    article = read(path)
    assert article.title == "Peña Nieto meets Trump"
    assert "Enrique Peña Nieto met" in article.text
    assert "Ã" not in article.text


def test_mojibake_whose_accent_was_split_by_normalisation_is_repaired(tmp_path):
    path = article_file(tmp_path, "climate.md", "title: Climate deal\ndate: 2016-04-23\n",
                        "The French minister, S\u00c3\u00a9gol\u00c3 \u0308ne Royal, spoke on Monday.\n")
    assert "Ségolène Royal" in read(path).text


def test_optional_fields_are_read(tmp_path):
    path = article_file(tmp_path, "a.md", "title: Envoys meet\ndate: 2019-09-23\nsource: Example News\n"
                                          "url: https://example.com/a?id=1\nauthor: A. Writer\ntags: [russia, taliban]\n")
    article = read(path)
    assert (article.source, article.url, article.author, article.tags) == (
        "Example News", "https://example.com/a?id=1", "A. Writer", ["russia", "taliban"])
    assert article.text == BODY.strip()


# --- folders ----------------------------------------------------------------------------------

def test_same_text_twice_is_counted_once_with_a_problem(tmp_path):
    article_file(tmp_path, "a-first.md", "title: Envoys meet\ndate: 2019-09-23\n")
    article_file(tmp_path, "b-copy.md", "title: Envoys meet (copy)\ndate: 2019-09-24\n")
    found = read_folder(tmp_path)
    assert [a.path for a in found.articles] == ["a-first.md"]
    assert len(found.problems) == 1
    assert found.problems[0].path == "b-copy.md"
    assert "a-first.md" in found.problems[0].message


def test_folder_keeps_going_after_bad_files(tmp_path):
    article_file(tmp_path, "1-good.md", "title: Envoys meet\ndate: 2019-09-23\n")
    (tmp_path / "2-bad-yaml.md").write_text("---\ntitle: [broken\ndate: 2019-09-23\n---\nText.\n", encoding="utf-8")
    (tmp_path / "3-binary.md").write_bytes(b"\x00\x01\x02")
    (tmp_path / "4-empty.txt").write_text("", encoding="utf-8")
    sub = tmp_path / "more"
    sub.mkdir()
    article_file(sub, "5-good.md", "title: Envoys meet again\ndate: 2019-09-24\n",
                 "Chinese officials hosted the delegation in Beijing on Sunday.\n")
    found = read_folder(tmp_path)
    assert [a.path for a in found.articles] == ["1-good.md", "more/5-good.md"]
    assert sorted(p.path for p in found.problems) == ["2-bad-yaml.md", "3-binary.md", "4-empty.txt"]
    assert all(p.message for p in found.problems)
    assert str(next(p for p in found.problems if p.path == "2-bad-yaml.md")).startswith("2-bad-yaml.md:")


def test_readme_hidden_and_other_files_are_skipped(tmp_path):
    article_file(tmp_path, "envoys.md", "title: Envoys meet\ndate: 2019-09-23\n")
    (tmp_path / "README.md").write_text("# How to add articles\n\nPut one file per article here.\n", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    hidden = tmp_path / ".drafts"
    hidden.mkdir()
    (hidden / "draft.md").write_text("not an article", encoding="utf-8")
    found = read_folder(tmp_path)
    assert [a.path for a in found.articles] == ["envoys.md"]
    assert found.problems == []


def test_missing_folder_is_a_problem(tmp_path):
    found = read_folder(tmp_path / "nowhere")
    assert found.articles == [] and len(found.problems) == 1
    assert "does not exist" in found.problems[0].message


def test_article_ids_are_unique(tmp_path):
    article_file(tmp_path, "envoys.md", "title: Envoys meet\ndate: 2019-09-23\n")
    (tmp_path / "envoys.txt").write_text("Envoys meet again\nDate: 2019-09-24\n\nThe delegation left Moscow.\n",
                                         encoding="utf-8")
    found = read_folder(tmp_path)
    ids = [a.id for a in found.articles]
    assert len(ids) == 2 and len(set(ids)) == 2


def test_a_symbolic_link_is_never_followed_and_is_named(tmp_path):
    """A link in content/ could publish any file the builder can read (a secret, in CI)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("Top secret\nThe vault code is 1234 and the envoy met nobody.\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "b.md").write_text("---\ntitle: B\ndate: 2024-06-03\n---\nB met C on Monday.\n", encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("---\ntitle: A\ndate: 2024-06-03\n---\nA met B on Monday.\n", encoding="utf-8")
    (content / "leak.txt").symlink_to(secret)
    (content / "more").symlink_to(outside, target_is_directory=True)
    (content / "real").mkdir()
    (content / "real" / "b.md").symlink_to(outside / "b.md")
    found = read_folder(content)
    assert [a.title for a in found.articles] == ["A"]
    assert sorted((p.path, p.message) for p in found.problems) == [
        ("leak.txt", "a symbolic link: not followed (copy the article in instead)"),
        ("more", "a symbolic link: not followed (copy the article in instead)"),
        ("real/b.md", "a symbolic link: not followed (copy the article in instead)")]
    assert not any("vault" in a.text for a in found.articles)


def test_a_yaml_alias_is_refused_with_its_line(tmp_path):
    """Aliases repeat their anchor's value: nested, a few kilobytes expand to gigabytes."""
    bomb = ["a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"]
    for n, (name, before) in enumerate(zip("bcdefghi", "abcdefgh")):
        bomb.append(f"{name}: &{name} [" + ", ".join([f"*{before}"] * 9) + "]")
    path = tmp_path / "bomb.md"
    path.write_text("---\ntitle: Talks\ndate: 2024-06-03\n" + "\n".join(bomb) + "\n---\nA met B on Monday.\n",
                    encoding="utf-8")
    with pytest.raises(ArticleError, match=r"an alias \(\*a\) is not allowed") as refused:
        read_article(path, "bomb.md")
    assert refused.value.line == 5
    path.write_text("---\ntitle: &t Talks\nauthor: *t\ndate: 2024-06-03\n---\nA met B on Monday.\n", encoding="utf-8")
    with pytest.raises(ArticleError, match=r"alias \(\*t\)") as refused:
        read_article(path, "bomb.md")
    assert refused.value.line == 3
