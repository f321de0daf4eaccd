package io.kava.client.selector;

/** A label selector operator, as upstream's selection.Operator. */
public enum Operator {
  EQUALS("="),
  DOUBLE_EQUALS("=="),
  NOT_EQUALS("!="),
  IN("in"),
  NOT_IN("notin"),
  EXISTS("exists"),
  DOES_NOT_EXIST("!"),
  GREATER_THAN("gt"),
  LESS_THAN("lt");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
