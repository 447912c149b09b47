"""Generative mode against a real HTTP server on loopback that speaks the chat-completions protocol.

The server is a small stand-in for a model: it reads the numbered passages from the request and
writes an answer with one true quote, one invented quote and one marker to a passage that does
not exist, so the checks have something to keep and something to drop.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from answer.ask import Answerer
from answer.generate import GenerationError, Generator, check, locate

INVENTED = "mọi tỉnh phải lập đài truyền hình riêng"


class _ChatServer(BaseHTTPRequestHandler):
    requests: list[dict] = []
    status = 200

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        if type(self).status != 200:
            self.send_response(type(self).status)
            self.end_headers()
            self.wfile.write(b"overloaded")
            return
        prompt = body["messages"][-1]["content"]
        first = re.search(r"\[1\] \([^)]*\)\n(.+)", prompt).group(1)
        words = first.split()[:8]
        content = f'Văn bản nêu: "{" ".join(words)}" [1]. Ngoài ra văn bản yêu cầu "{INVENTED}" [2]. Xem thêm [9].'
        reply = {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
        data = json.dumps(reply, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def chat_server():
    _ChatServer.requests = []
    _ChatServer.status = 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ChatServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_model_answer_is_checked_quote_by_quote(corpus_searcher, chat_server):
    generator = Generator.from_env(
        {"VANBAN_LLM_BASE_URL": chat_server, "VANBAN_LLM_MODEL": "test-model", "VANBAN_LLM_API_KEY": "k-123"}
    )
    answer = Answerer(corpus_searcher, generator).ask("Nhiệm vụ và giải pháp của Kết luận 57 là gì?")

    request = _ChatServer.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer k-123" and request["body"]["model"] == "test-model"
    assert "[1] (" in request["body"]["messages"][-1]["content"]

    assert answer.found and answer.mode == "generative"
    assert INVENTED not in answer.answer  # the invented quote's sentence is dropped
    assert "[9]" not in answer.answer and "[2]" not in answer.answer
    assert any("do not contain" in n for n in answer.notes) and any("[9]" in n for n in answer.notes)
    assert len(answer.citations) == 1
    c = answer.citations[0]
    doc = next(d for d in corpus_searcher.store.documents if d.doc_id == c.doc_id)
    assert doc.text[c.start : c.end] == c.quote
    assert f'"{c.quote}" [1]' in answer.answer.replace("\\", "")


def test_server_error_falls_back_to_the_extractive_answer(corpus_searcher, chat_server):
    _ChatServer.status = 503
    generator = Generator(chat_server, "test-model")
    answer = Answerer(corpus_searcher, generator).ask("Ai ký Kết luận 57?")
    assert answer.mode == "extractive" and "**Trương Thị Mai**" in answer.answer
    assert any("HTTP 503" in n for n in answer.notes)


def test_generation_is_off_without_a_base_url():
    assert Generator.from_env({}) is None
    with pytest.raises(GenerationError, match="VANBAN_LLM_MODEL"):
        Generator.from_env({"VANBAN_LLM_BASE_URL": "http://127.0.0.1:9/v1"})


def test_check_renumbers_and_locates_quotes():
    passages = ["Alpha beta gamma delta epsilon.", "Một hai ba bốn năm sáu bảy."]
    checked = check('Câu "hai ba   bốn năm" [2]. Và [1][2]. Lạc "không có ở đâu cả" [1].', passages)
    assert checked.text == 'Câu "hai ba   bốn năm" [1]. Và [2][1].'
    assert checked.passages == (1, 0)
    assert checked.quotes == {1: locate("hai ba bốn năm", passages[1])}
    assert len(checked.notes) == 1


def test_locate_ignores_whitespace_only():
    assert locate("hai  ba", "một hai\nba") == (4, 10)
    assert locate("Hai ba", "một hai ba") is None
