package org.moelab.session;

/**
 * One name bound in a session, for {@code %vars} and variable inspectors.
 *
 * @param name the name
 * @param type its type as the checker prints it, such as {@code tensor[4, 64, 256] f32}
 * @param summary a one-line summary of the value
 */
public record VariableInfo(String name, String type, String summary) {}
