package org.moelab.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The language sketch in docs/design.md parses into the trees it means. */
class DesignExamplesTest {

  @Test
  void mixtralBlock() {
    String text = String.join("\n",
        "# a Mixtral-style block: 8 SwiGLU experts, top-2 softmax routing, renormalised",
        "let d = 256",
        "let f = 704",
        "experts ffn[8] = swiglu(d, f)",
        "router  gate   = topk(linear(d, 8), k = 2, renorm = true)",
        "layer   block  = moe(ffn, gate, aux = load_balance(0.01))",
        "",
        "let x = randn([4, 64, d], seed = 7)",
        "let y = block(x)                      # checked before it runs: [4, 64, 256]",
        "show routing(block, x)                # heatmap in a notebook, table in a terminal");
    assertEquals(String.join("\n",
        "(let d 256)",
        "(let f 704)",
        "(experts ffn[8] (call swiglu d f))",
        "(router gate (call topk (call linear d 8) k=2 renorm=true))",
        "(layer block (call moe ffn gate aux=(call load_balance 0.01)))",
        "(let x (call randn [4 64 d] seed=7))",
        "(let y (call block x))",
        "(show (call routing block x))"), Parsing.ast(text));
  }

  @Test
  void gliderRouter() {
    String text = String.join("\n",
        "router glider(adapters: lora[E], task: text, alpha: float = 3.0) =",
        "    topk(phatgoose(adapters) + alpha * cosine(embed(task), cards(adapters)),",
        "         k = 2, renorm = true)");
    assertEquals(
        "(router glider(adapters:lora[E] task:text alpha:float=3.0) (call topk (+ (call phatgoose"
            + " adapters) (* alpha (call cosine (call embed task) (call cards adapters)))) k=2"
            + " renorm=true))",
        Parsing.ast(text));
  }

  @Test
  void checkpointMerges() {
    String text = String.join("\n",
        "let base  = checkpoint(\"base/\")",
        "let tasks = [checkpoint(\"math/\"), checkpoint(\"code/\")]",
        "let m = ties(base, tasks, weights = [0.5, 0.5], density = 0.2)",
        "save(m, \"merged/\")");
    assertEquals(String.join("\n",
        "(let base (call checkpoint \"base/\"))",
        "(let tasks [(call checkpoint \"math/\") (call checkpoint \"code/\")])",
        "(let m (call ties base tasks weights=[0.5 0.5] density=0.2))",
        "(call save m \"merged/\")"), Parsing.ast(text));
  }

  @Test
  void dictsAndBlocksTellEachOtherApart() {
    String text = String.join("\n",
        "def f(x): dict { return {\"a\": x} }",
        "let g = fn(x) => {\"a\": x}",
        "let h = if c then {\"a\": 1} else {}",
        "def k(x): list[int] {",
        "  let d = {",
        "    \"a\": [1,",
        "          2],",
        "    \"b\": {\"c\": 3}",
        "  }",
        "  return d",
        "}",
        "{\"top\": 1}");
    assertEquals(String.join("\n",
        "(def f (x) :dict {(return {\"a\": x})})",
        "(let g (fn (x) {\"a\": x}))",
        "(let h (if c {\"a\": 1} {}))",
        "(def k (x) :list[^int] {(let d {\"a\": [1 2], \"b\": {\"c\": 3}}); (return d)})",
        "{\"top\": 1}"), Parsing.ast(text));
  }
}
