/**
 * Kernel magics: lines starting with {@code %} at the top of a cell ({@code %load}, {@code %time},
 * {@code %backend}, {@code %seed}, {@code %vars}, {@code %graph}, {@code %help}), one class each,
 * found by name in {@link org.moelab.kernel.magic.Magics}.
 */
package org.moelab.kernel.magic;
