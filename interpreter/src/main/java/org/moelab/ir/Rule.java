package org.moelab.ir;

import java.util.Optional;
import java.util.function.Function;

/**
 * One rewrite rule: a pattern (a function that either matches a node and builds its replacement,
 * or declines) with the algebra it implements. Rules are data: {@link Rules#ALL} lists them.
 *
 * @param name a short name for dumps and tests
 * @param algebra the identity, such as {@code x * 1 -> x}
 * @param apply returns the replacement when the rule matches the node, else empty
 */
public record Rule(String name, String algebra, Function<Node, Optional<Node>> apply) {}
