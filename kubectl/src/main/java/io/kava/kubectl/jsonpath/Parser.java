package io.kava.kubectl.jsonpath;

import io.kava.kubectl.jsonpath.Segment.Action;
import io.kava.kubectl.jsonpath.Segment.Range;
import io.kava.kubectl.jsonpath.Segment.Text;
import io.kava.kubectl.jsonpath.Step.Filter;
import io.kava.kubectl.jsonpath.Step.Literal;
import io.kava.kubectl.jsonpath.Step.Operand;
import io.kava.kubectl.jsonpath.Step.PathOperand;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Reads kubectl's template grammar (k8s.io/client-go/util/jsonpath): text with `{actions}`; an action is
 * a quoted string, `range PATH`, `end`, or a path of `$ @ .field ..field .* [*] [i] [a:b:c] [x,y] ['key']
 * [?(@.a op value)]`. Field names take `\.` for a literal dot, as in `labels.app\.kubernetes\.io/name`.
 */
final class Parser {
  private static final Set<String> OPERATORS = Set.of("==", "!=", "<", ">", "<=", ">=", "=~");
  private static final String TERMINATORS = " \t\n.,[](){}=!<>~'\"$@";

  private Parser() {}

  static List<Segment> parse(String template) {
    Deque<List<Segment>> open = new ArrayDeque<>();
    Deque<List<Step>> rangePaths = new ArrayDeque<>();
    List<Segment> current = new ArrayList<>();
    int i = 0;
    StringBuilder text = new StringBuilder();
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '{') {
        text.append(c);
        i++;
        continue;
      }
      int close = actionEnd(template, i + 1);
      if (close < 0) {
        throw new JsonPathException("unclosed action");
      }
      if (text.length() > 0) {
        current.add(new Text(text.toString()));
        text.setLength(0);
      }
      String action = template.substring(i + 1, close).strip();
      i = close + 1;
      if (action.equals("end")) {
        if (open.isEmpty()) {
          throw new JsonPathException("not in range, nothing to end");
        }
        Range range = new Range(rangePaths.pop(), current);
        current = open.pop();
        current.add(range);
      } else if (action.startsWith("range ") || action.startsWith("range\t")) {
        rangePaths.push(path(action.substring("range".length()).strip()));
        open.push(current);
        current = new ArrayList<>();
      } else if (action.startsWith("\"")) {
        current.add(new Text(unquote(action)));
      } else if (!action.isEmpty()) {
        current.add(new Action(path(action)));
      }
    }
    if (text.length() > 0) {
      current.add(new Text(text.toString()));
    }
    while (!open.isEmpty()) { // a range never ended runs to the end of the template
      Range range = new Range(rangePaths.pop(), current);
      current = open.pop();
      current.add(range);
    }
    return current;
  }

  /** The index of the `}` closing an action opened before {@code from}, skipping quoted text. */
  private static int actionEnd(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'') {
        i = closingQuote(s, i);
        if (i < 0) {
          return -1;
        }
      } else if (c == '}') {
        return i;
      }
    }
    return -1;
  }

  /** The index of the quote closing the one at {@code open} (backslash escapes skipped), or -1. */
  private static int closingQuote(String s, int open) {
    char quote = s.charAt(open);
    for (int i = open + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == quote) {
        return i;
      }
    }
    return -1;
  }

  static List<Step> path(String s) {
    List<Step> steps = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '$') {
        steps.add(new Step.Root());
        i++;
      } else if (c == '@') {
        steps.add(new Step.Current());
        i++;
      } else if (c == '.' && s.startsWith("..", i)) {
        int dots = 0;
        while (i + dots < s.length() && s.charAt(i + dots) == '.') {
          dots++;
        }
        if (dots > 3) {
          throw new JsonPathException("invalid multiple recursive descent");
        }
        steps.add(new Step.Recursive());
        i += dots;
        i = fieldOrWildcard(s, i, steps);
      } else if (c == '.') {
        i = fieldOrWildcard(s, i + 1, steps);
      } else if (c == '[') {
        int close = bracketEnd(s, i + 1);
        if (close < 0) {
          throw new JsonPathException("unclosed array expect ]");
        }
        steps.add(bracket(s.substring(i + 1, close).strip()));
        i = close + 1;
      } else if (Character.isLetter(c) || c == '_') {
        int end = wordEnd(s, i);
        steps.add(new Step.Identifier(unescape(s.substring(i, end))));
        i = end;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else {
        throw new JsonPathException("unrecognized character in action: U+" + String.format("%04X", (int) c)
            + " '" + c + "'");
      }
    }
    return steps;
  }

  /** After a dot: `*`, a field name, or nothing (`{.}` is the current value). */
  private static int fieldOrWildcard(String s, int i, List<Step> steps) {
    if (i < s.length() && s.charAt(i) == '*') {
      steps.add(new Step.Wildcard());
      return i + 1;
    }
    int end = wordEnd(s, i);
    if (end > i) {
      steps.add(new Step.Field(unescape(s.substring(i, end))));
    }
    return end;
  }

  private static int wordEnd(String s, int i) {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        i += 2;
      } else if (TERMINATORS.indexOf(c) >= 0) {
        return i;
      } else {
        i++;
      }
    }
    return i;
  }

  private static String unescape(String word) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c == '\\' && i + 1 < word.length()) {
        c = word.charAt(++i);
      }
      b.append(c);
    }
    return b.toString();
  }

  private static int bracketEnd(String s, int from) {
    int depth = 0;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'') {
        i = closingQuote(s, i);
        if (i < 0) {
          return -1;
        }
      } else if (c == '[' || c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ']') {
        if (depth == 0) {
          return i;
        }
        depth--;
      }
    }
    return -1;
  }

  private static Step bracket(String inside) {
    if (inside.equals("*")) {
      return new Step.Wildcard();
    }
    if (inside.startsWith("?")) {
      String f = inside.substring(1).strip();
      if (!f.startsWith("(") || !f.endsWith(")")) {
        throw new JsonPathException("unmatched (");
      }
      return filter(f.substring(1, f.length() - 1).strip());
    }
    List<String> parts = splitOutsideQuotes(inside, ',');
    if (parts.size() > 1) {
      List<List<Step>> branches = new ArrayList<>();
      for (String part : parts) {
        String p = part.strip();
        branches.add(isQuoted(p) ? path("." + unquote(p)) : List.of(slice(p)));
      }
      return new Step.Union(branches);
    }
    if (isQuoted(inside)) {
      return new Step.Field(unquote(inside));
    }
    return slice(inside);
  }

  private static Step slice(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length > 3 || text.isEmpty()) {
      throw new JsonPathException("invalid array index " + text);
    }
    Integer[] numbers = new Integer[3];
    for (int k = 0; k < parts.length; k++) {
      String p = parts[k].strip();
      if (!p.isEmpty()) {
        try {
          numbers[k] = Integer.parseInt(p);
        } catch (NumberFormatException e) {
          throw new JsonPathException("invalid array index " + text);
        }
      }
    }
    if (parts.length == 1) {
      return new Step.Slice(numbers[0], null, null, true);
    }
    return new Step.Slice(numbers[0], numbers[1], numbers[2], false);
  }

  private static Filter filter(String expression) {
    int op = -1;
    for (int i = 0; i < expression.length() && op < 0; i++) {
      char c = expression.charAt(i);
      if (c == '"' || c == '\'') {
        i = closingQuote(expression, i);
        if (i < 0) {
          throw new JsonPathException("unterminated quoted string");
        }
      } else if (c == '\\') {
        i++;
      } else if ("=!<>~".indexOf(c) >= 0) {
        op = i;
      }
    }
    if (op < 0) {
      return new Filter(path(expression), "exists", null);
    }
    int opEnd = op;
    while (opEnd < expression.length() && "=!<>~".indexOf(expression.charAt(opEnd)) >= 0) {
      opEnd++;
    }
    String operator = expression.substring(op, opEnd);
    if (!OPERATORS.contains(operator)) {
      throw new JsonPathException("unrecognized filter operator " + operator);
    }
    List<Step> left = path(expression.substring(0, op).strip());
    return new Filter(left, operator, operand(expression.substring(opEnd).strip()));
  }

  private static Operand operand(String text) {
    if (isQuoted(text)) {
      return new Literal(unquote(text));
    }
    if (text.equals("true") || text.equals("false")) {
      return new Literal(Boolean.parseBoolean(text));
    }
    if (text.startsWith("@") || text.startsWith(".") || text.startsWith("$")) {
      return new PathOperand(path(text));
    }
    try {
      return new Literal(Double.parseDouble(text));
    } catch (NumberFormatException e) {
      throw new JsonPathException("unrecognized filter operand " + text);
    }
  }

  private static boolean isQuoted(String s) {
    return s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0);
  }

  private static List<String> splitOutsideQuotes(String s, char separator) {
    List<String> parts = new ArrayList<>();
    char quote = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == separator) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }

  /** A quoted string with Go's escapes (\n \t \r \\ \" \' \\uXXXX), as strconv.Unquote reads it. */
  static String unquote(String quoted) {
    if (!isQuoted(quoted)) {
      throw new JsonPathException("unterminated quoted string");
    }
    String body = quoted.substring(1, quoted.length() - 1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\' || i + 1 == body.length()) {
        b.append(c);
        continue;
      }
      char e = body.charAt(++i);
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'u' -> {
          if (i + 4 >= body.length()) {
            throw new JsonPathException("invalid syntax in quoted string " + quoted);
          }
          b.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> b.append(e);
      }
    }
    return b.toString();
  }
}
