package org.moelab.session;

/**
 * What Shift-Tab shows for the name under the cursor: a stdlib function's signature and doc, or a
 * variable's type and shape.
 *
 * @param name the inspected name
 * @param plain plain-text help
 * @param markdown the same as Markdown
 */
public record Inspection(String name, String plain, String markdown) {}
