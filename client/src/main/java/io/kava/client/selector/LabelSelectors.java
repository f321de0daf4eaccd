package io.kava.client.selector;

import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Label selectors as kubectl writes them ({@code a=b,c!=d,e in (x,y),f notin (z),g,!h}) or as objects
 * carry them (matchLabels and matchExpressions). Malformed input throws IllegalArgumentException whose
 * message says what was wrong.
 */
public final class LabelSelectors {
  private LabelSelectors() {}

  /** Parses kubectl syntax; the empty string selects everything. */
  public static Selector parse(String text) {
    if (text == null || text.isBlank()) {
      return Selector.everything();
    }
    return new Parser(text).parse();
  }

  /**
   * Converts an object's selector as upstream's LabelSelectorAsSelector: null selects nothing, an empty
   * selector everything.
   */
  public static Selector fromProto(LabelSelector selector) {
    if (selector == null) {
      return Selector.nothing();
    }
    if (selector.getMatchLabelsCount() + selector.getMatchExpressionsCount() == 0) {
      return Selector.everything();
    }
    List<Requirement> requirements = new ArrayList<>();
    for (Map.Entry<String, String> e : selector.getMatchLabelsMap().entrySet()) {
      requirements.add(new Requirement(e.getKey(), Operator.EQUALS, List.of(e.getValue())));
    }
    for (LabelSelectorRequirement expr : selector.getMatchExpressionsList()) {
      Operator op = switch (expr.getOperator()) {
        case "In" -> Operator.IN;
        case "NotIn" -> Operator.NOT_IN;
        case "Exists" -> Operator.EXISTS;
        case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
        default -> throw new IllegalArgumentException("\"" + expr.getOperator() + "\" is not a valid label selector operator");
      };
      requirements.add(new Requirement(expr.getKey(), op, expr.getValuesList()));
    }
    return Selector.of(requirements);
  }

  /** An equality selector (a Service's spec.selector): every pair must match; empty selects everything. */
  public static Selector fromMap(Map<String, String> labels) {
    List<Requirement> requirements = new ArrayList<>();
    for (Map.Entry<String, String> e : labels.entrySet()) {
      requirements.add(new Requirement(e.getKey(), Operator.EQUALS, List.of(e.getValue())));
    }
    return Selector.of(requirements);
  }

  /** kubectl syntax of an object's selector. */
  public static String toString(LabelSelector selector) {
    return fromProto(selector).toString();
  }

  private enum Token { IDENT, IN, NOTIN, OPEN, CLOSE, COMMA, EQ, DEQ, NEQ, BANG, GT, LT, END }

  private record Lexeme(Token token, String text) {}

  /** A recursive-descent parser of upstream's selector grammar. */
  private static final class Parser {
    private final List<Lexeme> lexemes = new ArrayList<>();
    private int pos;

    Parser(String text) {
      lex(text);
    }

    private void lex(String s) {
      int i = 0;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '!' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
          lexemes.add(new Lexeme(Token.NEQ, "!="));
          i += 2;
        } else if (c == '=' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
          lexemes.add(new Lexeme(Token.DEQ, "=="));
          i += 2;
        } else if ("!=(),><".indexOf(c) >= 0) {
          Token t = switch (c) {
            case '!' -> Token.BANG;
            case '=' -> Token.EQ;
            case '(' -> Token.OPEN;
            case ')' -> Token.CLOSE;
            case ',' -> Token.COMMA;
            case '>' -> Token.GT;
            default -> Token.LT;
          };
          lexemes.add(new Lexeme(t, String.valueOf(c)));
          i++;
        } else {
          int start = i;
          while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "!=(),><".indexOf(s.charAt(i)) < 0) {
            i++;
          }
          String word = s.substring(start, i);
          Token t = word.equals("in") ? Token.IN : word.equals("notin") ? Token.NOTIN : Token.IDENT;
          lexemes.add(new Lexeme(t, word));
        }
      }
      lexemes.add(new Lexeme(Token.END, ""));
    }

    private Lexeme peek() {
      return lexemes.get(pos);
    }

    private Lexeme next() {
      Lexeme l = lexemes.get(pos);
      if (l.token != Token.END) {
        pos++;
      }
      return l;
    }

    Selector parse() {
      List<Requirement> requirements = new ArrayList<>();
      while (true) {
        Lexeme l = peek();
        if (l.token == Token.IDENT || l.token == Token.BANG) {
          requirements.add(requirement());
          Lexeme after = next();
          if (after.token == Token.END) {
            break;
          }
          if (after.token != Token.COMMA) {
            throw error(after, "',' or 'end of string'");
          }
          Token t = peek().token;
          if (t != Token.IDENT && t != Token.BANG) {
            throw error(peek(), "identifier after ','");
          }
        } else if (l.token == Token.END) {
          break;
        } else {
          throw error(l, "!, identifier, or 'end of string'");
        }
      }
      return Selector.of(requirements);
    }

    private Requirement requirement() {
      boolean bang = false;
      if (peek().token == Token.BANG) {
        next();
        bang = true;
      }
      Lexeme key = next();
      if (key.token != Token.IDENT) {
        throw error(key, "identifier");
      }
      if (bang) {
        return make(key.text, Operator.DOES_NOT_EXIST, List.of());
      }
      Lexeme op = peek();
      switch (op.token) {
        case END, COMMA -> {
          return make(key.text, Operator.EXISTS, List.of());
        }
        case IN, NOTIN -> {
          next();
          return make(key.text, op.token == Token.IN ? Operator.IN : Operator.NOT_IN, valueSet());
        }
        case EQ, DEQ, NEQ, GT, LT -> {
          next();
          Operator o = switch (op.token) {
            case EQ -> Operator.EQUALS;
            case DEQ -> Operator.DOUBLE_EQUALS;
            case NEQ -> Operator.NOT_EQUALS;
            case GT -> Operator.GREATER_THAN;
            default -> Operator.LESS_THAN;
          };
          return make(key.text, o, List.of(exactValue()));
        }
        default -> throw error(op, "in, notin, =, ==, !=, gt, lt");
      }
    }

    private String exactValue() {
      Lexeme l = peek();
      if (l.token == Token.END || l.token == Token.COMMA) {
        return "";
      }
      if (isValue(l.token)) {
        next();
        return l.text;
      }
      throw error(l, "identifier");
    }

    private List<String> valueSet() {
      Lexeme open = next();
      if (open.token != Token.OPEN) {
        throw error(open, "'('");
      }
      TreeSet<String> values = new TreeSet<>();
      if (peek().token == Token.CLOSE) {
        next();
        values.add("");
        return List.copyOf(values);
      }
      while (true) {
        Lexeme l = next();
        if (isValue(l.token)) {
          values.add(l.text);
          Lexeme after = peek();
          if (after.token == Token.COMMA) {
            next();
            if (peek().token == Token.CLOSE) {
              values.add("");
            }
            continue;
          }
          if (after.token == Token.CLOSE) {
            next();
            return List.copyOf(values);
          }
          throw error(after, "',' or ')'");
        } else if (l.token == Token.COMMA) {
          values.add("");
        } else if (l.token == Token.CLOSE) {
          return List.copyOf(values);
        } else {
          throw error(l, "',', or identifier");
        }
      }
    }

    private static boolean isValue(Token t) {
      return t == Token.IDENT || t == Token.IN || t == Token.NOTIN;
    }

    private static Requirement make(String key, Operator op, List<String> values) {
      return new Requirement(key, op, values);
    }

    private static IllegalArgumentException error(Lexeme found, String expected) {
      return new IllegalArgumentException(
          "unable to parse requirement: found '" + found.text + "', expected: " + expected);
    }
  }
}
