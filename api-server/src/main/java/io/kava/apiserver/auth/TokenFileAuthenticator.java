package io.kava.apiserver.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's --token-auth-file: a CSV of {@code token,user,uid,"group1,group2"} read once at start. A
 * token not in the file is not this authenticator's kind (another one may know it).
 */
public final class TokenFileAuthenticator implements Authenticator {
  private static final Logger log = LoggerFactory.getLogger(TokenFileAuthenticator.class);

  private final Map<String, UserInfo> users;

  public TokenFileAuthenticator(Map<String, UserInfo> users) {
    this.users = Map.copyOf(users);
  }

  public static TokenFileAuthenticator read(Path file) {
    try {
      return new TokenFileAuthenticator(parse(file.toString(), Files.readAllLines(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read the token file " + file, e);
    }
  }

  static Map<String, UserInfo> parse(String file, List<String> lines) {
    Map<String, UserInfo> users = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      List<String> fields = csv(line);
      if (fields.size() < 3) {
        throw new IllegalArgumentException("token file '" + file + "' must have at least 3 columns (token, user name,"
            + " user uid), found " + fields.size() + " on line " + (i + 1));
      }
      String token = fields.get(0);
      if (token.isEmpty()) {
        log.warn("Skipped line {} of the token file {}: empty token", i + 1, file);
        continue;
      }
      List<String> groups = new ArrayList<>();
      if (fields.size() >= 4) {
        for (String g : fields.get(3).split(",")) {
          if (!g.strip().isEmpty()) {
            groups.add(g.strip());
          }
        }
      }
      if (users.put(token, new UserInfo(fields.get(1), fields.get(2), groups, Map.of())) != null) {
        log.warn("Found a duplicate token on line {} of the token file {}: the last one wins", i + 1, file);
      }
    }
    return users;
  }

  /** One CSV record: commas split fields except inside double quotes ("" is a quote), leading spaces trimmed. */
  static List<String> csv(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString().strip());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString().strip());
    return fields;
  }

  @Override
  public Optional<UserInfo> authenticate(Credentials credentials) {
    return credentials.bearerToken().map(users::get);
  }
}
