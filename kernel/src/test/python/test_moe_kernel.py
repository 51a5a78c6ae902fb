"""Jupyter's own conformance suite (jupyter_kernel_test 0.4.5) against the MoE Lab kernel.

Run by KernelConformanceTest (JUnit) with JUPYTER_PATH pointing at a temporary kernelspec named
by MOE_KERNEL_NAME. Every test of KernelTests has a sample here; none may be skipped. The extra
tests cover what the suite does not: state across cells, interrupts, and error rendering.
"""

import os
import time
import unittest

import jupyter_kernel_test
from jupyter_client.utils import run_sync


class MoeKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("MOE_KERNEL_NAME", "moe")
    language_name = "moe"
    file_extension = ".moe"

    code_hello_world = 'print("hello, world")'
    code_stderr = 'warn("this goes to stderr")'

    completion_samples = [
        {"text": "pri", "matches": {"print"}},
        {"text": "softm", "matches": {"softmax"}},
        {"text": "%se", "matches": {"seed"}},
    ]

    complete_code_samples = ['print("hi")', "let x = 1", "1 + 2", "%vars", "show tensor([[1.0, 2.0]])"]
    incomplete_code_samples = ["print(", "let x = [1,", "let t = tensor([[1.0, 2.0]"]
    invalid_code_samples = ["let = = 2", "let x = )"]

    code_page_something = "%help softmax"

    code_generate_error = "undefined_name"

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": "2 * 3", "result": "6"},
        {"code": "tensor([[1.0, 2.0]])", "mime": "text/html"},
    ]

    code_display_data = [
        {"code": "show tensor([[1.0, 2.0]])", "mime": "text/plain"},
        {"code": "show tensor([[1.0, 2.0]])", "mime": "text/html"},
    ]

    code_history_pattern = "1 + *"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "softmax"

    code_clear_output = "clear_output()"

    # --- beyond the suite -------------------------------------------------------------------

    def run_cell(self, code, timeout=30):
        self.flush_channels()
        reply, output = self.execute_helper(code, timeout=timeout)
        return reply["content"], output

    def test_state_persists_and_survives_a_failed_cell(self):
        self.run_cell("let kept = 40 + 2")
        failed, _ = self.run_cell("let kept = undefined_name")
        self.assertEqual(failed["status"], "error")
        ok, output = self.run_cell("kept")
        self.assertEqual(ok["status"], "ok")
        results = [m for m in output if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "42")

    def test_compile_error_points_at_line_and_column_without_ansi(self):
        content, output = self.run_cell('let a = 1\nprint(a + nope)')
        self.assertEqual(content["status"], "error")
        self.assertEqual(content["ename"], "CompileError")
        self.assertEqual(content["evalue"], "Unknown name 'nope'.")
        traceback = "\n".join(content["traceback"])
        self.assertNotIn("\x1b[", traceback)
        self.assertIn(":2:11: error[", traceback)
        self.assertIn("  print(a + nope)\n            ^~~~", traceback)

    def test_interrupt_stops_a_tight_loop_within_one_second(self):
        self.flush_channels()
        msg_id = self.kc.execute("len([len(range(1000)) for i in range(1000000)])")
        time.sleep(0.5)
        start = time.monotonic()
        self.km.interrupt_kernel()
        while True:
            reply = self.kc.get_shell_msg(timeout=10)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        elapsed = time.monotonic() - start
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertLess(elapsed, 1.0)
        ok, _ = self.run_cell("1 + 1")
        self.assertEqual(ok["status"], "ok")

    def test_magics_seed_backend_vars_and_graph(self):
        content, output = self.run_cell("%seed 7\n%backend\nlet g = softmax(tensor([[1.0, 2.0]]))")
        self.assertEqual(content["status"], "ok")
        streams = "".join(m["content"]["text"] for m in output if m["msg_type"] == "stream")
        self.assertIn("Seed: 7", streams)
        self.assertIn("Backend: ", streams)
        content, output = self.run_cell("%vars")
        tables = [m for m in output if m["msg_type"] == "display_data"]
        self.assertIn("<table>", tables[0]["content"]["data"]["text/html"])
        content, output = self.run_cell("%graph g")
        graphs = [m for m in output if m["msg_type"] == "display_data"]
        self.assertIn("EXP", graphs[0]["content"]["data"]["text/plain"])

    def test_kernel_info_reports_status_ok(self):
        self.flush_channels()
        msg_id = self.kc.kernel_info()
        reply = self.get_non_kernel_info_reply_or_info(msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["language_info"]["mimetype"], "text/x-moe")

    def get_non_kernel_info_reply_or_info(self, msg_id):
        while True:
            reply = run_sync(self.kc.shell_channel.get_msg)(timeout=10)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply


if __name__ == "__main__":
    unittest.main()
