package org.moelab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.moelab.kernel.KernelInstaller;
import org.moelab.kernel.MoeKernel;
import org.moelab.kernel.Scope;

/** {@code moe kernel install [--user | --sys-prefix | --prefix DIR]} and {@code moe kernel run FILE}. */
final class KernelCommand {
  private final PrintStream out;
  private final PrintStream err;

  KernelCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    if (args.length == 0) {
      throw new UsageException("kernel needs 'install' or 'run CONNECTION_FILE'.");
    }
    return switch (args[0]) {
      case "run" -> {
        if (args.length != 2) {
          throw new UsageException("kernel run needs exactly one connection file.");
        }
        yield MoeKernel.run(Path.of(args[1]));
      }
      case "install" -> install(args);
      default -> throw new UsageException("Unknown kernel command '" + args[0] + "'; use install or run.");
    };
  }

  private int install(String[] args) {
    Scope scope = Scope.user();
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--user" -> scope = Scope.user();
        case "--sys-prefix" -> scope = Scope.sysPrefix();
        case "--prefix" -> {
          if (++i >= args.length) {
            throw new UsageException("--prefix needs a directory.");
          }
          scope = Scope.prefix(Path.of(args[i]));
        }
        default -> throw new UsageException("Unknown option '" + args[i] + "' for kernel install.");
      }
    }
    String launcher = System.getProperty("moe.launcher");
    if (launcher == null) {
      throw new UsageException("kernel install must be run through bin/moe, which knows its own path.");
    }
    try {
      Path dir = KernelInstaller.install(Path.of(launcher).toAbsolutePath(), scope);
      out.println("Installed the MoE Lab kernelspec in " + dir);
      return 0;
    } catch (IOException e) {
      err.println("moe: cannot install the kernelspec: " + e.getMessage());
      return 1;
    }
  }
}
