import nock from "nock";
import { INSTALLATION_ID } from "./issue-labeled.ts";

export const REPO_PATH = "/repos/Codertocat/Hello-World";

/** A nock scope for api.github.com that has already handed out the installation token. */
export function githubScope(): nock.Scope {
  return nock("https://api.github.com")
    .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
    .reply(201, { token: "ghs_test_installation_token", expires_at: "2099-01-01T00:00:00Z" });
}

/** `.github/fanout.yml` as the repository has it (or not, when `yaml` is undefined). */
export function withConfigFile(scope: nock.Scope, yaml: string | undefined): nock.Scope {
  const path = `${REPO_PATH}/contents/.github%2Ffanout.yml`;
  if (yaml !== undefined) return scope.get(path).reply(200, yaml, { "content-type": "text/plain" });
  return scope
    .get(path)
    .reply(404, { message: "Not Found" })
    .get("/repos/Codertocat/.github/contents/.github%2Ffanout.yml")
    .reply(404, { message: "Not Found" });
}
