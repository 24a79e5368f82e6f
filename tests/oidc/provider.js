// A real OpenID Connect provider for the SSO browser test (tests/browser/test_sso.py),
// built on the certified `oidc-provider` package: one confidential client, one
// fictional user with an e-mail address and a groups claim, and the package's own
// development login form (devInteractions). Only for tests on localhost.
//
// Environment: PORT, REDIRECT_URI (the application's callback), POST_LOGOUT_REDIRECT_URI,
// CLIENT_ID, CLIENT_SECRET, USER_EMAIL, USER_NAME, USER_GROUPS (comma-separated).
import Provider from "oidc-provider";

const env = (name, fallback) => process.env[name] ?? fallback;
const port = Number(env("PORT", "9876"));
const issuer = `http://127.0.0.1:${port}`;

const account = {
  email: env("USER_EMAIL", "sigrid.sso@example.se"),
  email_verified: true,
  name: env("USER_NAME", "Sigrid Ssonsson"),
  given_name: env("USER_NAME", "Sigrid Ssonsson").split(" ")[0],
  family_name: env("USER_NAME", "Sigrid Ssonsson").split(" ").slice(1).join(" "),
  groups: env("USER_GROUPS", "").split(",").filter(Boolean),
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: env("CLIENT_ID", "sfbv"),
      client_secret: env("CLIENT_SECRET", "hemligt-test"),
      redirect_uris: [env("REDIRECT_URI", "http://127.0.0.1:8000/oidc/callback/")],
      post_logout_redirect_uris: [env("POST_LOGOUT_REDIRECT_URI", "http://127.0.0.1:8000/logga-in/")],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
      id_token_signed_response_alg: "RS256",
    },
  ],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name", "groups"],
  },
  // Any login name and password at the development form signs in as the one account
  // (its subject is the name typed; the application goes by the e-mail address).
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { ...account, sub: id };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
});

// Errors go to the output, which the test shows when it fails.
for (const event of ["server_error", "authorization.error", "grant.error", "end_session.error"]) {
  provider.on(event, (_ctx, err) => console.error(`${event}:`, err));
}

provider.listen(port, "127.0.0.1", () => {
  // The test waits for this line before it goes on.
  console.log(`oidc-provider ready at ${issuer}`);
});
