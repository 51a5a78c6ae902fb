package org.moelab.tensor;

import java.util.Locale;
import java.util.Optional;

/** Element types that tensors and tensor files can hold, with their safetensors and numpy names. */
public enum DType {
  F64("F64", "<f8", 8, true),
  F32("F32", "<f4", 4, true),
  F16("F16", "<f2", 2, true),
  BF16("BF16", null, 2, true),
  I64("I64", "<i8", 8, false),
  I32("I32", "<i4", 4, false),
  I16("I16", "<i2", 2, false),
  I8("I8", "|i1", 1, false),
  U8("U8", "|u1", 1, false),
  BOOL("BOOL", "|b1", 1, false);

  private final String safetensorsName;
  private final String numpyDescr;
  private final int byteSize;
  private final boolean floating;

  DType(String safetensorsName, String numpyDescr, int byteSize, boolean floating) {
    this.safetensorsName = safetensorsName;
    this.numpyDescr = numpyDescr;
    this.byteSize = byteSize;
    this.floating = floating;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** True for floating-point types. */
  public boolean isFloating() {
    return floating;
  }

  /** The name used in safetensors headers, such as {@code BF16}. */
  public String safetensorsName() {
    return safetensorsName;
  }

  /** The numpy {@code descr} string (little-endian), or empty for types numpy lacks (bf16). */
  public Optional<String> numpyDescr() {
    return Optional.ofNullable(numpyDescr);
  }

  /** The lower-case name used in the language, such as {@code f32}. */
  public String languageName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Looks up a safetensors dtype name. */
  public static Optional<DType> fromSafetensors(String name) {
    for (DType t : values()) {
      if (t.safetensorsName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Looks up a language dtype name such as {@code f32} or {@code bf16}. */
  public static Optional<DType> fromLanguageName(String name) {
    for (DType t : values()) {
      if (t.languageName().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Looks up a numpy descr such as {@code <f4} ({@code =} and {@code |} byte orders accepted). */
  public static Optional<DType> fromNumpy(String descr) {
    String normalized = descr.replace('=', '<');
    for (DType t : values()) {
      if (t.numpyDescr != null
          && (t.numpyDescr.equals(normalized)
              || t.numpyDescr.substring(1).equals(normalized.substring(1))
                  && normalized.charAt(0) != '>')) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
