package org.sitewatch.web.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.store.Rows;

/**
 * The workbench's accounts in the lead database: add, list, disable, set a password, issue API
 * tokens, and sign in with throttling. Passwords are kept as Argon2id hashes, tokens as SHA-256
 * digests; every change is appended to {@code workbench_account_log} under the actor's name.
 *
 * <p>Sign-in: after {@link #MAX_FAILURES} failed attempts in a row an account is locked for {@link
 * #LOCK}; attempts while locked are not checked (so a guessed password does not unlock it) and do
 * not extend the lock. A success resets the count.
 */
public final class Accounts {
  public static final int MAX_FAILURES = 5;
  public static final Duration LOCK = Duration.ofMinutes(15);
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern REGION = Pattern.compile("[0-9]{6}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final String COLUMNS =
      """
      a.id, a.name, a.role, a.password_hash, a.disabled, a.failed_logins, a.locked_until,
      a.settings, a.created_at,
      ARRAY(SELECT b.region_code FROM workbench_account_bureau b WHERE b.account_id = a.id
            ORDER BY b.region_code) AS bureaus
      """;

  private final Database db;
  private final Clock clock;
  private final PasswordHasher hasher;
  // a hash to verify against when the name is unknown, so both take the same time
  private final String noSuchAccount;

  public Accounts(DataSource dataSource, Clock clock) {
    this(dataSource, clock, new PasswordHasher());
  }

  public Accounts(DataSource dataSource, Clock clock, PasswordHasher hasher) {
    this.db = Database.of(Objects.requireNonNull(dataSource, "dataSource"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.noSuchAccount = hasher.unmatchable();
  }

  /**
   * Adds an account; {@code password} empty leaves it without one (it cannot sign in until {@link
   * #setPassword}).
   *
   * @throws IllegalArgumentException for a bad name, a bad region code, a short password, or a name
   *     that is taken
   */
  public Account add(
      String name, Role role, Set<String> bureaus, Optional<char[]> password, String actor) {
    checkName(name);
    Objects.requireNonNull(role, "role");
    for (String b : bureaus) {
      if (!REGION.matcher(b).matches()) {
        throw new IllegalArgumentException("a bureau is a six-digit region code: '" + b + "'");
      }
    }
    if (!role.seesAll() && bureaus.isEmpty()) {
      throw new IllegalArgumentException(
          "an " + role.name().toLowerCase() + " needs at least one --bureau REGION_CODE");
    }
    String hash = password.map(hasher::hash).orElse("");
    Instant now = now();
    return db.inTransaction(
        "cannot add account " + name,
        h -> {
          boolean taken =
              h.createQuery("SELECT 1 FROM workbench_account WHERE name = :name")
                  .bind("name", name)
                  .mapTo(Integer.class)
                  .findOne()
                  .isPresent();
          if (taken) {
            throw new IllegalArgumentException("an account named '" + name + "' exists");
          }
          long id =
              h.createUpdate(
                      """
                      INSERT INTO workbench_account (name, role, password_hash, created_at)
                      VALUES (:name, :role, :hash, :now)
                      """)
                  .bind("name", name)
                  .bind("role", role.name())
                  .bind("hash", hash)
                  .bind("now", now)
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          for (String b : new HashSet<>(bureaus)) {
            h.createUpdate(
                    "INSERT INTO workbench_account_bureau (account_id, region_code) VALUES (:id, :b)")
                .bind("id", id)
                .bind("b", b)
                .execute();
          }
          log(
              h,
              actor,
              name,
              "ADDED",
              Map.of("role", role.name(), "bureaus", List.copyOf(bureaus)),
              now);
          return find(h, name).orElseThrow();
        });
  }

  public List<Account> list() {
    return db.withHandle(
        "cannot list accounts",
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM workbench_account a ORDER BY a.name")
                .map((rs, ctx) -> account(rs))
                .list());
  }

  public Optional<Account> find(String name) {
    return db.withHandle("cannot read account " + name, h -> find(h, name));
  }

  /** The signed-in view of an enabled account, read afresh (a disabled account has none). */
  public Optional<Viewer> viewer(long accountId) {
    return db.withHandle(
        "cannot read account " + accountId,
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM workbench_account a WHERE a.id = :id")
                .bind("id", accountId)
                .map((rs, ctx) -> account(rs))
                .findOne()
                .filter(a -> !a.disabled())
                .map(Account::viewer));
  }

  public Optional<Account> byId(long accountId) {
    return db.withHandle(
        "cannot read account " + accountId,
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM workbench_account a WHERE a.id = :id")
                .bind("id", accountId)
                .map((rs, ctx) -> account(rs))
                .findOne());
  }

  /** Disables an account: it cannot sign in, its sessions end at their next request. */
  public void disable(String name, String actor) {
    change(
        name, actor, "DISABLED", "UPDATE workbench_account SET disabled = true WHERE name = :name");
    db.withHandle(
        "cannot revoke the tokens of " + name,
        h ->
            h.createUpdate(
                    """
                    UPDATE workbench_token SET revoked_at = :now
                     WHERE revoked_at IS NULL
                       AND account_id = (SELECT id FROM workbench_account WHERE name = :name)
                    """)
                .bind("now", now())
                .bind("name", name)
                .execute());
  }

  /** Sets a new password and lifts a lock. */
  public void setPassword(String name, char[] password, String actor) {
    String hash = hasher.hash(password);
    db.inTransaction(
        "cannot set the password of " + name,
        h -> {
          int n =
              h.createUpdate(
                      """
                      UPDATE workbench_account
                         SET password_hash = :hash, failed_logins = 0, locked_until = NULL
                       WHERE name = :name
                      """)
                  .bind("hash", hash)
                  .bind("name", name)
                  .execute();
          if (n == 0) {
            throw new IllegalArgumentException("no account named '" + name + "'");
          }
          log(h, actor, name, "PASSWORD_SET", Map.of(), now());
          return null;
        });
  }

  /** Issues a new API token for the account and returns it; only its digest is stored. */
  public String createToken(String name, String actor) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = "swt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Instant now = now();
    db.inTransaction(
        "cannot issue a token for " + name,
        h -> {
          Account a =
              find(h, name)
                  .orElseThrow(
                      () -> new IllegalArgumentException("no account named '" + name + "'"));
          h.createUpdate(
                  """
                  INSERT INTO workbench_token (account_id, token_sha256, created_at)
                  VALUES (:id, :digest, :now)
                  """)
              .bind("id", a.id())
              .bind("digest", Sha256.hex(token))
              .bind("now", now)
              .execute();
          log(h, actor, name, "TOKEN_ISSUED", Map.of(), now);
          return null;
        });
    return token;
  }

  /** The account a bearer token belongs to, if the token is valid and the account enabled. */
  public Optional<Viewer> byToken(String token) {
    if (token == null || token.length() > 128 || !token.startsWith("swt_")) {
      return Optional.empty();
    }
    return db.withHandle(
            "cannot check a token",
            h ->
                h.createQuery(
                        """
                    UPDATE workbench_token SET last_used_at = :now
                     WHERE token_sha256 = :digest AND revoked_at IS NULL
                    RETURNING account_id
                    """)
                    .bind("now", now())
                    .bind("digest", Sha256.hex(token))
                    .mapTo(Long.class)
                    .findOne())
        .flatMap(this::viewer);
  }

  /** Checks a sign-in, counting failures and locking the account after too many. */
  public LoginResult login(String name, char[] password) {
    Instant now = now();
    Optional<Account> found =
        name == null || !NAME.matcher(name).matches() ? Optional.empty() : find(name);
    if (found.isEmpty()) {
      hasher.verify(password, noSuchAccount);
      return LoginResult.refused();
    }
    Account account = found.get();
    if (account.lockedUntil().filter(now::isBefore).isPresent()) {
      return new LoginResult.Locked(account.lockedUntil().get());
    }
    String hash = passwordHash(account.id());
    boolean ok = hasher.verify(password, hash) && !account.disabled();
    return db.inTransaction(
        "cannot record a sign-in of " + name,
        h -> {
          if (ok) {
            h.createUpdate(
                    "UPDATE workbench_account SET failed_logins = 0, locked_until = NULL WHERE id = :id")
                .bind("id", account.id())
                .execute();
            return new LoginResult.SignedIn(account.viewer());
          }
          int failures =
              h.createQuery(
                      """
                      UPDATE workbench_account SET failed_logins = failed_logins + 1
                       WHERE id = :id RETURNING failed_logins
                      """)
                  .bind("id", account.id())
                  .mapTo(Integer.class)
                  .one();
          if (failures >= MAX_FAILURES) {
            Instant until = now.plus(LOCK);
            h.createUpdate(
                    "UPDATE workbench_account SET failed_logins = 0, locked_until = :until WHERE id = :id")
                .bind("until", until)
                .bind("id", account.id())
                .execute();
            log(h, "workbench", name, "LOCKED", Map.of("until", until.toString()), now);
            return new LoginResult.Locked(until);
          }
          return LoginResult.refused();
        });
  }

  /** The latest {@code limit} changes of accounts, newest first. */
  public List<AccountLogEntry> recentLog(int limit) {
    return db.withHandle(
        "cannot read the account log",
        h ->
            h.createQuery(
                    """
                    SELECT at, actor, account, action, details::text AS details
                      FROM workbench_account_log ORDER BY id DESC LIMIT :limit
                    """)
                .bind("limit", Math.max(0, limit))
                .map(
                    (rs, ctx) ->
                        new AccountLogEntry(
                            Rows.instant(rs, "at"),
                            rs.getString("actor"),
                            rs.getString("account"),
                            rs.getString("action"),
                            rs.getString("details")))
                .list());
  }

  /** Stores the account's own settings. */
  public void updateSettings(long accountId, Account.Settings settings) {
    ObjectNode node = JSON.createObjectNode();
    settings.locale().ifPresent(l -> node.put("locale", l));
    settings.timeZone().ifPresent(z -> node.put("timeZone", z));
    node.put("revealImages", settings.revealImages());
    db.withHandle(
        "cannot store the settings of account " + accountId,
        h ->
            h.createUpdate(
                    "UPDATE workbench_account SET settings = CAST(:s AS jsonb) WHERE id = :id")
                .bind("s", node.toString())
                .bind("id", accountId)
                .execute());
  }

  private String passwordHash(long id) {
    return db.withHandle(
        "cannot read account " + id,
        h ->
            h.createQuery("SELECT password_hash FROM workbench_account WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .one());
  }

  private void change(String name, String actor, String action, String sql) {
    db.inTransaction(
        "cannot change account " + name,
        h -> {
          if (h.createUpdate(sql).bind("name", name).execute() == 0) {
            throw new IllegalArgumentException("no account named '" + name + "'");
          }
          log(h, actor, name, action, Map.of(), now());
          return null;
        });
  }

  private static Optional<Account> find(Handle h, String name) {
    return h.createQuery("SELECT " + COLUMNS + " FROM workbench_account a WHERE a.name = :name")
        .bind("name", name)
        .map((rs, ctx) -> account(rs))
        .findOne();
  }

  private static void log(
      Handle h, String actor, String account, String action, Map<String, ?> details, Instant at) {
    String json;
    try {
      json = JSON.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    h.createUpdate(
            """
            INSERT INTO workbench_account_log (at, actor, account, action, details)
            VALUES (:at, :actor, :account, :action, CAST(:details AS jsonb))
            """)
        .bind("at", at)
        .bind("actor", actor)
        .bind("account", account)
        .bind("action", action)
        .bind("details", json)
        .execute();
  }

  private static Account account(ResultSet rs) throws SQLException {
    Account.Settings settings = Account.Settings.DEFAULTS;
    try {
      JsonNode s = JSON.readTree(rs.getString("settings"));
      settings =
          new Account.Settings(
              Optional.ofNullable(s.path("locale").textValue()),
              Optional.ofNullable(s.path("timeZone").textValue()),
              s.path("revealImages").asBoolean(false));
    } catch (JsonProcessingException e) {
      // unreadable settings are the defaults
    }
    return new Account(
        rs.getLong("id"),
        rs.getString("name"),
        Role.valueOf(rs.getString("role")),
        Set.copyOf(Rows.texts(rs, "bureaus")),
        rs.getBoolean("disabled"),
        !rs.getString("password_hash").isEmpty(),
        Rows.optionalInstant(rs, "locked_until"),
        settings,
        Rows.instant(rs, "created_at"));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "an account name is 1-64 of a-z 0-9 . _ - starting with a letter or digit: '"
              + name
              + "'");
    }
  }
}
