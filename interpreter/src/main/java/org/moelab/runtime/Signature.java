package org.moelab.runtime;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A built-in's name, parameters and documentation: what the checker binds arguments against and
 * what completion and Shift-Tab show.
 *
 * @param name the name users call it by
 * @param params parameters in positional order
 * @param returns what it returns, in words or as a type
 * @param doc a short paragraph: what it computes, and the reference it reproduces
 */
public record Signature(String name, List<Param> params, String returns, String doc) {
  public Signature {
    params = List.copyOf(params);
  }

  /** The parameter called {@code name}. */
  public Optional<Param> param(String paramName) {
    return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
  }

  /** {@code softmax(x: tensor, axis: int = -1) -> tensor}. */
  public String render() {
    return name + params.stream().map(Param::render).collect(Collectors.joining(", ", "(", ")"))
        + " -> " + returns;
  }
}
