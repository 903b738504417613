package io.github.claimsmapper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.claimsmapper.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The token preview of {@code render --explain}: what each token would carry, built from the event
 * and the response.
 */
class TokenPreviewTest {
  private static final String V2_REQUEST =
      """
      "version": "2", "triggerSource": "TokenGeneration_Authentication", "userName": "jane",
      "callerContext": {"clientId": "app1"},
      "request": {
        "userAttributes": {"sub": "s-1", "cognito:user_status": "CONFIRMED", "cognito:mfa_enabled": "false",
                           "email_verified": "true", "phone_number_verified": "false", "phone_number": "+15550100",
                           "email": "jane@example.com"},
        "groupConfiguration": {"groupsToOverride": ["readers"], "iamRolesToOverride": ["arn:aws:iam::1:role/r"],
                               "preferredRole": "arn:aws:iam::1:role/r"},
        "scopes": ["openid", "aws.cognito.signin.user.admin"]}\
      """;

  static List<String> lines(String rendered) {
    return TokenPreview.of(RenderCommandTest.json(rendered)).stream()
        .map(TokenPreview.Token::line)
        .toList();
  }

  @Test
  void versionTwoHasBothTokensWithOverridesScopesAndSuppressions() {
    List<String> lines =
        lines(
            "{"
                + V2_REQUEST
                + """
                , "response": {"claimsAndScopeOverrideDetails": {
                  "idTokenGeneration": {
                    "claimsToAddOrOverride": {"seats": 25, "email": "j@example.com", "phone_number": "+1"},
                    "claimsToSuppress": ["phone_number", "phone_number_verified"]},
                  "accessTokenGeneration": {"claimsToAddOrOverride": {"tenant": {"id": "t-1"}},
                                            "claimsToSuppress": [],
                                            "scopesToAdd": ["orders-api/read", "openid"],
                                            "scopesToSuppress": ["aws.cognito.signin.user.admin"]}}}}\
                """);
    assertEquals(
        List.of(
            "ID token claims (preview, 233 bytes): {\"sub\":\"s-1\",\"email_verified\":true,"
                + "\"email\":\"j@example.com\","
                + "\"cognito:groups\":[\"readers\"],\"cognito:roles\":[\"arn:aws:iam::1:role/r\"],"
                + "\"cognito:preferred_role\":\"arn:aws:iam::1:role/r\","
                + "\"cognito:username\":\"jane\",\"token_use\":\"id\",\"seats\":25}",
            "access token claims (preview, 155 bytes):"
                + " {\"sub\":\"s-1\",\"cognito:groups\":[\"readers\"],\"scope\":\"openid"
                + " orders-api/read\",\"client_id\":\"app1\","
                + "\"username\":\"jane\",\"token_use\":\"access\",\"tenant\":{\"id\":\"t-1\"}}"),
        lines);
  }

  @Test
  void aGroupOverrideReplacesGroupsRolesAndPreferredRoleInBothTokens() {
    List<String> lines =
        lines(
            "{"
                + V2_REQUEST
                + """
                , "response": {"claimsAndScopeOverrideDetails": {
                  "idTokenGeneration": {"claimsToAddOrOverride": {}, "claimsToSuppress": []},
                  "accessTokenGeneration": {"claimsToAddOrOverride": {}, "claimsToSuppress": [],
                                            "scopesToAdd": [], "scopesToSuppress": []},
                  "groupOverrideDetails": {"groupsToOverride": ["tenant-t-1", "editors"], "iamRolesToOverride": [],
                                           "preferredRole": null}}}}\
                """);
    assertEquals(
        List.of(
            "ID token claims (preview, 204 bytes): {\"sub\":\"s-1\",\"email_verified\":true,"
                + "\"phone_number_verified\":false,"
                + "\"phone_number\":\"+15550100\",\"email\":\"jane@example.com\","
                + "\"cognito:groups\":[\"tenant-t-1\",\"editors\"],"
                + "\"cognito:username\":\"jane\",\"token_use\":\"id\"}",
            "access token claims (preview, 160 bytes): {\"sub\":\"s-1\","
                + "\"cognito:groups\":[\"tenant-t-1\",\"editors\"],"
                + "\"scope\":\"openid aws.cognito.signin.user.admin\",\"client_id\":\"app1\","
                + "\"username\":\"jane\",\"token_use\":\"access\"}"),
        lines);
  }

  @Test
  void anEmptyGroupOverrideRemovesGroupsAndSuppressingGroupsRemovesRolesToo() {
    String empty =
        "{"
            + V2_REQUEST
            + """
            , "response": {"claimsAndScopeOverrideDetails": {
              "groupOverrideDetails": {"groupsToOverride": [], "iamRolesToOverride": [],
                                       "preferredRole": null}}}}\
            """;
    String suppressed =
        "{"
            + V2_REQUEST
            + """
            , "response": {"claimsAndScopeOverrideDetails": {
              "idTokenGeneration": {"claimsToAddOrOverride": {},
                                    "claimsToSuppress": ["cognito:groups"]}}}}\
            """;
    for (String rendered : List.of(empty, suppressed)) {
      String id = lines(rendered).get(0);
      assertEquals(
          "ID token claims (preview, 162 bytes): {\"sub\":\"s-1\",\"email_verified\":true,"
              + "\"phone_number_verified\":false,\"phone_number\":\"+15550100\","
              + "\"email\":\"jane@example.com\","
              + "\"cognito:username\":\"jane\",\"token_use\":\"id\"}",
          id,
          rendered);
    }
  }

  @Test
  void versionOneHasAnIdTokenOnlyWithTheResponsesStringsAndParsedIdentities() {
    List<String> lines =
        lines(
            """
            {"version": "1", "triggerSource": "TokenGeneration_HostedAuth", "userName": "Google_1",
             "callerContext": {"clientId": "app1"},
             "request": {
               "userAttributes": {"sub": "s-2", "cognito:user_status": "EXTERNAL_PROVIDER",
                 "identities":
                   "[{\\"userId\\":\\"1\\",\\"providerName\\":\\"Google\\",\\"issuer\\":null,\\"primary\\":true}]",
                 "email_verified": "false"},
               "groupConfiguration": {"groupsToOverride": ["pool_Google"], "iamRolesToOverride": [],
                                      "preferredRole": null}},
             "response": {"claimsOverrideDetails": {
               "claimsToAddOrOverride": {"seats": "25", "roles": "[\\"editor\\"]"},
               "claimsToSuppress": ["email_verified"]}}}\
            """);
    assertEquals(
        List.of(
            "ID token claims (preview, 212 bytes): {\"sub\":\"s-2\","
                + "\"identities\":[{\"userId\":\"1\",\"providerName\":\"Google\","
                + "\"issuer\":null,\"primary\":true}],\"cognito:groups\":[\"pool_Google\"],"
                + "\"cognito:username\":\"Google_1\","
                + "\"token_use\":\"id\",\"seats\":\"25\",\"roles\":\"[\\\"editor\\\"]\"}"),
        lines);
  }

  @Test
  void identitiesThatAreNotJsonStayText() {
    String id =
        lines(
                """
                {"version": "2", "userName": "u",
                 "request": {"userAttributes": {"identities": "not json ["}},
                 "response": {"claimsAndScopeOverrideDetails": {}}}\
                """)
            .get(0);
    assertEquals(
        "ID token claims (preview, 67 bytes): {\"identities\":\"not json [\","
            + "\"cognito:username\":\"u\",\"token_use\":\"id\"}",
        id);
  }

  @Test
  void clientCredentialsHaveAnAccessTokenOnlyWithTheClientAsSubject() {
    List<String> lines =
        lines(
            """
            {"version": "3", "triggerSource": "TokenGeneration_ClientCredentials",
             "callerContext": {"clientId": "m2m"},
             "request": {"userAttributes": {}, "groupConfiguration": {"groupsToOverride": ["ignored"]},
                         "scopes": ["orders-api/read"]},
             "response": {"claimsAndScopeOverrideDetails": {"accessTokenGeneration": {
               "claimsToAddOrOverride": {"client_name": "Example Corp"}, "claimsToSuppress": [],
               "scopesToAdd": ["orders-api/write"], "scopesToSuppress": ["orders-api/read"]}}}}\
            """);
    assertEquals(
        List.of(
            "access token claims (preview, 108 bytes): {\"sub\":\"m2m\","
                + "\"scope\":\"orders-api/write\",\"client_id\":\"m2m\",\"token_use\":\"access\","
                + "\"client_name\":\"Example Corp\"}"),
        lines);
  }

  @Test
  void sizesAreUtf8BytesOfCompactJson() {
    TokenPreview.Token token =
        new TokenPreview.Token("ID token", Json.MAPPER.createObjectNode().put("n", "é"));
    assertEquals(10, token.bytes());
    assertEquals("ID token claims (preview, 10 bytes): {\"n\":\"é\"}", token.line());
  }
}
