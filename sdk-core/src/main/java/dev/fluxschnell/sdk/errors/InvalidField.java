package dev.fluxschnell.sdk.errors;

/** One entry of a 422 answer's {@code invalid_fields}: which input field is wrong and why. */
public record InvalidField(String type, String field, String description) {}
