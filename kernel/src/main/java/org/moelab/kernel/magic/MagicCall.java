package org.moelab.kernel.magic;

/**
 * One magic as written in a cell.
 *
 * @param name the name after {@code %} or {@code %%}
 * @param argument the rest of its line, trimmed; for a cell magic, the rest of the cell
 * @param cell true for {@code %%name}, which takes the rest of the cell
 */
public record MagicCall(String name, String argument, boolean cell) {}
