package org.moelab.cli;

/** The {@code moe --help} text. */
final class Usage {
  static final String TEXT = """
      MoE Lab — compose mixtures of experts, routers and merges.

      usage:
        moe run   [--backend djl|nd4j] [--seed N] [--debug] FILE.moe   check, compile and execute
        moe check FILE.moe                                              diagnostics only
        moe graph [--svg] FILE.moe                                      the IR after lowering
        moe bench [moe|routers|check|train] [--backend NAME] [--runs N] [--small]  the benchmarks
        moe merge CONFIG.yml OUT_DIR [--out-shard-size 5GB] [--no-resume]  run a mergekit YAML merge, streamed;
                                                                        resumes an interrupted one
        moe import CONFIG.yml                                           print the equivalent .moe program
        moe kernel install [--user | --sys-prefix | --prefix DIR]       the Jupyter kernelspec
        moe kernel run CONNECTION_FILE                                  start the Jupyter kernel

      exit codes: 0 ok, 1 runtime error, 2 compile error, 64 usage error.
      environment: MOE_BACKEND selects the default backend (djl).
      """;

  private Usage() {}
}
