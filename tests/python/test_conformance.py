"""Jupyter protocol conformance of the kernel, checked by jupyter_kernel_test 0.7.0.

Every optional check of KernelTests and IopubWelcomeTests is switched on by setting its code
sample; conftest.py turns a skip in this module into a failure (unless the test is listed in
ALLOWED_SKIPS with a reason), so a missing sample cannot pass silently.
What 0.7.0 checks, by attribute: language_name/file_extension (kernel_info), code_hello_world
(stdout), code_stderr, completion_samples, complete/incomplete/invalid_code_samples
(is_complete), code_page_something (pager payload), code_generate_error, code_execute_result,
code_display_data, code_history_pattern + supported_history_operations, code_inspect_sample,
code_clear_output, support_iopub_welcome. It has no stdin check: test_interrupt_exit.py has it.
"""
from __future__ import annotations

import time

import jupyter_kernel_test as jkt  # module import: the base classes must not be collected
import pytest

from kerneltools import IS_PYTHON, KERNEL_NAME, drain, run_cell

pytestmark = [pytest.mark.no_skip, pytest.mark.timeout(90)]

#: tests allowed to skip, with the reason
ALLOWED_SKIPS: dict[str, str] = {}

# A 1x1 PNG written by ImageIO in the kernel (headless).
_JAVA_PNG = (
    "var img = new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
    "var bytes = new java.io.ByteArrayOutputStream();\n"
    "javax.imageio.ImageIO.write(img, \"png\", bytes);\n"
    "display(Content.png(bytes.toByteArray()));"
)

JAVA = dict(
    language_name="java",
    code_hello_world='System.out.println("hello, world");',
    code_stderr='System.err.println("to stderr");',
    completion_samples=[
        {"text": "Strin"},
        {"text": "Math.ma"},
        {"text": "System.out.printl"},
        {"text": "%lsmag", "matches": ["%lsmagic"]},
    ],
    complete_code_samples=[
        "int x = 1;",
        "1 + 1",
        'System.out.println("done");',
        "class A {}",
        "record P(int x, int y) {}",
        "%lsmagic",
    ],
    incomplete_code_samples=[
        "for (int i = 0; i < 3; i++) {",
        "int square(int n) {",
        "System.out.println(",
        "int[] a = {1, 2",
    ],
    invalid_code_samples=["int x = 1 )", "}"],
    code_inspect_sample="Math.max",
    code_page_something="Math.max?",
    code_generate_error='throw new RuntimeException("boom");',
    code_execute_result=[
        {"code": "6*7", "result": "42"},
        {"code": "Math.max(3, 9)", "result": "9"},
        {"code": "java.util.List.of(1, 2, 3)", "result": "[1, 2, 3]"},
        {"code": '"ab" + "cd"', "result": "abcd"},
    ],
    code_history_pattern="6*7",
    supported_history_operations=("tail", "range", "search"),
    code_display_data=[
        {"code": 'display(Content.html("<b>hi</b>"));', "mime": "text/html"},
        {"code": 'display(Content.markdown("# title"));', "mime": "text/markdown"},
        {"code": 'display(Content.svg("<svg xmlns=\'http://www.w3.org/2000/svg\' width=\'4\' height=\'4\'/>"));',
         "mime": "image/svg+xml"},
        {"code": _JAVA_PNG, "mime": "image/png"},
        {"code": 'display(Content.json("{\\"a\\": 1}"));', "mime": "application/json"},
        {"code": 'display(Content.vegaLite("{\\"mark\\": \\"point\\", \\"data\\": {\\"values\\": []}}"));',
         "mime": "application/vnd.vegalite.v5+json"},
        {"code": "display(42);", "mime": "text/plain"},
    ],
    code_clear_output='System.out.println("soon gone"); clearOutput();',
)

PYTHON = dict(
    language_name="python",
    code_hello_world='print("hello, world")',
    code_stderr='import sys; print("to stderr", file=sys.stderr)',
    completion_samples=[{"text": "prin"}, {"text": "import o"}, {"text": "%lsmag", "matches": ["%lsmagic"]}],
    complete_code_samples=["x = 1", "1 + 1", "%lsmagic"],
    incomplete_code_samples=["for i in range(3):", "def f(n):"],
    invalid_code_samples=["x = )"],
    code_inspect_sample="print",
    code_page_something="print?",
    code_generate_error='raise RuntimeError("boom")',
    code_execute_result=[{"code": "6*7", "result": "42"}, {"code": "max(3, 9)", "result": "9"}],
    code_history_pattern="6*7",
    supported_history_operations=("tail", "range", "search"),
    code_display_data=[
        {"code": "from IPython.display import HTML, display; display(HTML('<b>hi</b>'))", "mime": "text/html"},
        {"code": "from IPython.display import Markdown, display; display(Markdown('# t'))", "mime": "text/markdown"},
    ],
    code_clear_output="from IPython.display import clear_output; print('soon gone'); clear_output()",
)

SAMPLES = PYTHON if IS_PYTHON else JAVA


class TestLmlabKernel(jkt.KernelTests):
    kernel_name = KERNEL_NAME

    def test_completion_offers_expected_names(self) -> None:
        """Beyond 0.7.0's shape check: the suggestions contain what a user expects."""
        wanted = {"Strin": "String", "Math.ma": "max", "%ls": "%lsmagic"}
        if IS_PYTHON:
            wanted = {"prin": "print", "%ls": "%lsmagic"}
        for text, expected in wanted.items():
            with self.subTest(text=text):
                self.kc.complete(text)
                reply = self.get_non_kernel_info_reply(timeout=15)
                content = reply["content"]
                self.assertEqual(content["status"], "ok")
                self.assertTrue(any(m == expected or m.startswith(expected) for m in content["matches"]),
                                f"{expected!r} not among {content['matches']}")
                self.assertEqual(content["cursor_end"], len(text))
                self.assertLessEqual(content["cursor_start"], len(text))
                start = content["cursor_start"]
                # applying any suggestion keeps what was typed before the replaced range
                for m in content["matches"]:
                    self.assertTrue(m.lower().startswith(text[start:].lower()[:1]),
                                    f"match {m!r} replacing {text[start:]!r} drops what was typed")

    def test_inspect_shows_signature(self) -> None:
        samples = {"Math.max": "max", "String.valueOf": "valueOf"}
        if IS_PYTHON:
            samples = {"print": "print"}
        for code, needle in samples.items():
            with self.subTest(code=code):
                self.kc.inspect(code, cursor_pos=len(code))
                reply = self.get_non_kernel_info_reply(timeout=15)
                content = reply["content"]
                self.assertEqual(content["status"], "ok")
                self.assertTrue(content["found"])
                self.assertIn(needle, content["data"]["text/plain"])

    def test_kernel_info_fields(self) -> None:
        self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=15)
        content = reply["content"]
        self.assertEqual(content["status"], "ok")
        self.assertTrue(content["protocol_version"].startswith("5."))
        info = content["language_info"]
        self.assertTrue(info["file_extension"].startswith("."))
        self.assertTrue(info.get("mimetype"))
        self.assertTrue(content.get("banner"))

    def test_execute_reply_counts_up(self) -> None:
        self.flush_channels()
        first = run_cell(self.kc, SAMPLES["code_execute_result"][0]["code"])
        second = run_cell(self.kc, SAMPLES["code_execute_result"][0]["code"])
        self.assertEqual(second.content["execution_count"], first.content["execution_count"] + 1)
        silent = run_cell(self.kc, SAMPLES["code_execute_result"][0]["code"], silent=True, store_history=False)
        self.assertEqual(silent.status, "ok")
        self.assertEqual(silent.of_type("execute_result"), [], "silent=True must not publish results")
        third = run_cell(self.kc, SAMPLES["code_execute_result"][0]["code"])
        self.assertEqual(third.content["execution_count"], second.content["execution_count"] + 1)

    def test_comm_info(self) -> None:
        """JupyterLab asks for comms on connect; an empty, well-formed answer is fine."""
        self.flush_channels()
        msg_id = self.kc.comm_info()
        reply = self.get_non_kernel_info_reply(timeout=15)
        jkt.validate_message(reply, "comm_info_reply", msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertIsInstance(reply["content"]["comms"], dict)

    def test_iopub_order_and_display_update(self) -> None:
        """Streams are flushed before a display, in program order; an update names its display."""
        if IS_PYTHON:
            code = ("from IPython.display import HTML, display, update_display\n"
                    "print('before'); display(HTML('<b>x</b>')); print('after')\n"
                    "display(HTML('<i>1</i>'), display_id='d1'); update_display(HTML('<i>2</i>'), display_id='d1')")
        else:
            code = ('System.out.println("before"); display(Content.html("<b>x</b>")); System.out.println("after");\n'
                    'display(Content.html("<i>1</i>"), "d1"); updateDisplay("d1", Content.html("<i>2</i>"));')
        self.flush_channels()
        run = run_cell(self.kc, code)
        self.assertEqual(run.status, "ok", run.describe())
        kinds = [(m["msg_type"], m["content"].get("text", "").strip()) for m in run.iopub]
        self.assertEqual([k for k, _ in kinds], ["stream", "display_data", "stream", "display_data",
                                                 "update_display_data"], run.describe())
        self.assertEqual((kinds[0][1], kinds[2][1]), ("before", "after"))
        shown, updated = run.iopub[3]["content"], run.iopub[4]["content"]
        self.assertEqual(shown["transient"]["display_id"], "d1")
        self.assertEqual(updated["transient"]["display_id"], "d1")
        self.assertIn("<i>2</i>", updated["data"]["text/html"])
        for m in run.of_type("display_data", "update_display_data"):
            jkt.validate_message(m, m["msg_type"], run.msg_id)
            self.assertIn("text/plain", m["content"]["data"])

    def test_json_mime_types_carry_objects(self) -> None:
        """application/json and Vega-Lite data must be JSON objects on the wire, not strings."""
        for sample in SAMPLES["code_display_data"]:
            if sample["mime"].endswith("json"):
                with self.subTest(mime=sample["mime"]):
                    run = run_cell(self.kc, sample["code"])
                    data = run.displays[0]["data"][sample["mime"]]
                    self.assertIsInstance(data, dict, run.describe())


for _name, _value in SAMPLES.items():
    setattr(TestLmlabKernel, _name, _value)


@pytest.mark.timeout(30)  # the library waits for the welcome without a timeout
class TestLmlabIopubWelcome(jkt.IopubWelcomeTests):
    kernel_name = KERNEL_NAME
    support_iopub_welcome = True

    def test_recv_iopub_welcome_msg(self) -> None:
        # the library's check, with a bound on its otherwise endless wait for the welcome
        unbounded = self.kc.get_iopub_msg
        self.kc.get_iopub_msg = lambda *args, **kwargs: unbounded(*args, **{"timeout": 10, **kwargs})
        try:
            super().test_recv_iopub_welcome_msg()
        finally:
            del self.kc.get_iopub_msg


#: JupyterLab ignores a completion provider that answers later than this (completer-extension
#: setting providerTimeout, default 1000 ms): the popup then stays empty.
JUPYTERLAB_PROVIDER_TIMEOUT_S = 1.0


def test_first_completion_within_jupyterlab_provider_timeout(fresh_kernel):
    """The first Tab in a fresh notebook must show a popup: the kernel's first complete_reply,
    a moment after start-up, comes within JupyterLab's provider timeout."""
    _, kc = fresh_kernel
    time.sleep(3)  # the user opens the notebook and starts typing (JShell needs ~2.5 s to be ready)
    drain(kc, wait=0.05)
    text = "prin" if IS_PYTHON else "Strin"
    start = time.monotonic()
    msg_id = kc.complete(text, cursor_pos=len(text))
    while True:
        reply = kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    elapsed = time.monotonic() - start
    assert reply["content"]["matches"], reply["content"]
    assert elapsed < JUPYTERLAB_PROVIDER_TIMEOUT_S, (
        f"first complete_reply took {elapsed:.2f} s; JupyterLab drops completions slower than "
        f"{JUPYTERLAB_PROVIDER_TIMEOUT_S} s, so the first Tab shows nothing")
