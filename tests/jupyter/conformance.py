#!/usr/bin/env python3
"""Protocol conformance of the `la` Jupyter kernel.

jupyter_kernel_test drives the kernel through jupyter_client and validates every message
against the messaging spec (v5); the samples below are what it sends and expects. The
`test_la_*` methods add what the generic suite cannot know: rich matrix output, the order
of shown values, error names, completion of session names, inspection of a variable.

Run: JUPYTER_DATA_DIR=<dir with kernels/la> python tests/jupyter/conformance.py
"""

import base64
import unittest

import jupyter_kernel_test as jkt  # not `from ... import KernelTests`: unittest would run it

from support import KERNEL_NAME, strip_ansi, watchdog

MATRIX = "A = [[1, 2], [3, 4]]"
MATRIX_TEXT = "A = 2×2\n   1   2\n   3   4"


class LaKernelTests(jkt.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "la"
    file_extension = ".la"

    code_hello_world = 'print("hello, world")'
    # `/` between two columns solves a system, and la warns that it is not `./`.
    code_stderr = "w = [1, 2] / [3, 4];"

    code_execute_result = [
        {"code": "1 + 2", "result": "ans = 3"},
        {"code": MATRIX, "result": MATRIX_TEXT},
        {"code": MATRIX, "mime": "text/latex"},
        {"code": MATRIX, "mime": "text/html"},
    ]
    # A plot is display_data; the suite checks every display_data message carries the type.
    code_display_data = [{"code": "plot([1, 4, 9, 16])", "mime": "image/svg+xml"}]
    code_generate_error = "y = undefined_name + 1"
    code_page_something = ""  # la has no pager

    # The suite compares the set of matches exactly.
    completion_samples = [
        {"text": "pri", "matches": {"print", "printf"}},
        {"text": "zer", "matches": {"zeros"}},
    ]
    code_inspect_sample = "zeros"

    complete_code_samples = ["x = 1", MATRIX, "fn f(x) = 2*x"]
    incomplete_code_samples = ["x = [1, 2", "A = [[1, 2],", "for i in 1:3 {", "x = 1 +"]
    invalid_code_samples = ["x = )"]

    # A glob over a whole input, as in IPython; it must match exactly one distinct input
    # (the `unique` search expects one result) and that input at least 3 times (`n=3`).
    code_history_pattern = "1 + *"
    supported_history_operations = ("tail", "range", "search")

    # --- la specifics -----------------------------------------------------------------

    la_ordered_code = 'a = 1\nprint("between")\nb = 2;\nc = 3'
    la_ordered_outputs = [
        ("display_data", "a = 1"),
        ("stream", "between\n"),
        ("execute_result", "c = 3"),
    ]
    la_errors = [
        ("[[1, 2, 3]] * [[1, 2, 3]]", "ShapeError"),
        ("y = undefined_name + 1", "NameError"),
    ]
    la_png_plot = 'plot([1, 4, 9, 16], format="png")'
    la_variable_code = "myvar = 1;"
    la_variable_completion = ("myv", ["myvar"])
    la_inspect_builtin = ("zeros", "zeros(")
    la_inspect_variable = (MATRIX + ";", "A", "2×2")

    def execute_ok(self, code):
        """Runs `code`, which must succeed; its iopub output messages."""
        self.flush_channels()
        reply, outputs = self.execute_helper(code)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        return outputs

    def request(self, send):
        """The shell reply to the request `send()` makes."""
        self.flush_channels()
        msg_id = send()
        reply = self.get_non_kernel_info_reply(timeout=jkt.TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        return reply["content"]

    def test_la_matrix_is_plain_latex_and_html(self):
        (result,) = [m for m in self.execute_ok(MATRIX) if m["msg_type"] == "execute_result"]
        data = result["content"]["data"]
        self.assertEqual(data["text/plain"], MATRIX_TEXT)
        self.assertIn(r"\begin{bmatrix}", data["text/latex"])
        self.assertIn(r"1 & 2 \\ 3 & 4", data["text/latex"])
        self.assertIn("<table", data["text/html"])

    def test_la_shown_values_keep_their_order(self):
        outputs = self.execute_ok(self.la_ordered_code)
        seen = []
        for msg in outputs:
            content = msg["content"]
            text = content["text"] if msg["msg_type"] == "stream" else content["data"]["text/plain"]
            seen.append((msg["msg_type"], text))
        self.assertEqual(seen, self.la_ordered_outputs)

    def test_la_errors_are_named_and_point_at_the_cell(self):
        for code, ename in self.la_errors:
            with self.subTest(code=code):
                self.flush_channels()
                reply, outputs = self.execute_helper(code)
                content = reply["content"]
                self.assertEqual(content["status"], "error")
                self.assertEqual(content["ename"], ename)
                (error,) = outputs
                self.assertEqual(error["content"]["ename"], ename)
                self.assertNotIn("\n", error["content"]["evalue"].strip())
                # The diagnostic names the cell by its execution count.
                traceback = strip_ansi("\n".join(error["content"]["traceback"]))
                cell = f"In[{content['execution_count']}]:1:"
                self.assertIn(cell, traceback)

    def test_la_png_plot(self):
        shown = [m for m in self.execute_ok(self.la_png_plot) if m["msg_type"] == "display_data"]
        self.assertEqual(len(shown), 1)
        data = shown[0]["content"]["data"]
        self.assertIn("text/plain", data)
        self.assertTrue(base64.b64decode(data["image/png"]).startswith(b"\x89PNG"))

    def test_la_svg_plot_is_a_document(self):
        (code,) = [s["code"] for s in self.code_display_data]
        shown = [m for m in self.execute_ok(code) if m["msg_type"] == "display_data"]
        data = shown[0]["content"]["data"]
        self.assertIn("<svg", data["image/svg+xml"])
        self.assertIn("text/plain", data)

    def test_la_completes_session_names(self):
        self.execute_ok(self.la_variable_code)
        text, matches = self.la_variable_completion
        content = self.request(lambda: self.kc.complete(text))
        self.assertEqual(content["matches"], matches)
        self.assertEqual((content["cursor_start"], content["cursor_end"]), (0, len(text)))
        # Only the name before the cursor is replaced.
        content = self.request(lambda: self.kc.complete("y = 2 * " + text))
        self.assertEqual(content["matches"], matches)
        self.assertEqual(content["cursor_start"], len("y = 2 * "))

    def test_la_inspects_builtins_and_variables(self):
        name, expected = self.la_inspect_builtin
        content = self.request(lambda: self.kc.inspect(name))
        self.assertTrue(content["found"])
        self.assertIn(expected, content["data"]["text/plain"])

        setup, name, expected = self.la_inspect_variable
        self.execute_ok(setup)
        content = self.request(lambda: self.kc.inspect(name))
        self.assertTrue(content["found"])
        self.assertIn(expected, content["data"]["text/plain"])

        content = self.request(lambda: self.kc.inspect("no_such_name_here"))
        self.assertEqual(content["status"], "ok")
        self.assertFalse(content["found"])


if __name__ == "__main__":
    # The suite has replies it waits for without a timeout; a hung kernel must fail the run.
    watchdog(300, lambda: getattr(LaKernelTests, "km", None))
    unittest.main(verbosity=2)
