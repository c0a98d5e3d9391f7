/**
 * The executor workflow users install. This string is the source: `npm run generate` writes it to
 * `templates/fanout-executor.yml`, and the app shows it when the workflow is missing.
 */
export const EXECUTOR_WORKFLOW_TEMPLATE = `# fanout's executor: copy to .github/workflows/fanout-executor.yml (or the file named by
# executor.workflow in .github/fanout.yml). fanout dispatches it once per task attempt; nobody
# needs to run it by hand.
name: fanout executor
run-name: "fanout task #\${{ inputs.task_issue }} of #\${{ inputs.parent_issue }} (attempt \${{ inputs.attempt }}, \${{ inputs.model }})"

on:
  workflow_dispatch:
    inputs:
      task_issue:
        description: Sub-issue number of the task
        required: true
        type: number
      parent_issue:
        description: Issue number fanout planned
        required: true
        type: number
      attempt:
        description: Attempt number
        required: true
        type: number
        default: 1
      model:
        description: Executor model id
        required: true
        type: string
        default: claude-haiku-5-5
      budget_usd:
        description: Most this attempt may spend (US dollars); empty means budget.per_task_usd
        required: false
        type: string

# The job's own token only reads: all writes (push, pull request, comments) use the App token,
# whose pushes start your CI and the fanout checks (pushes by GITHUB_TOKEN start no workflows).
permissions:
  contents: read

concurrency:
  # One attempt per task at a time; a newer dispatch waits instead of racing on the branch.
  group: fanout-task-\${{ inputs.task_issue }}
  cancel-in-progress: false

jobs:
  execute:
    runs-on: ubuntu-latest
    timeout-minutes: 45
    steps:
      - name: Mint an App installation token
        id: app-token
        uses: actions/create-github-app-token@v2
        with:
          app-id: \${{ vars.FANOUT_APP_ID }}
          private-key: \${{ secrets.FANOUT_APP_PRIVATE_KEY }}

      - uses: actions/checkout@v5
        with:
          token: \${{ steps.app-token.outputs.token }}
          fetch-depth: 0
          # The executor authenticates its own fetch and push; nothing the model's code runs
          # can then read the token from .git/config.
          persist-credentials: false

      # Install what your test command needs here (setup-node, setup-python, npm ci, ...).

      - name: Run the task
        # Replace OWNER with the account that hosts fanout (your fork, or the published action).
        uses: OWNER/fanout@v1
        with:
          task-issue: \${{ inputs.task_issue }}
          parent-issue: \${{ inputs.parent_issue }}
          attempt: \${{ inputs.attempt }}
          model: \${{ inputs.model }}
          budget-usd: \${{ inputs.budget_usd }}
          base-ref: \${{ github.ref_name }}
          app-slug: \${{ steps.app-token.outputs.app-slug }}
          github-token: \${{ steps.app-token.outputs.token }}
          anthropic-api-key: \${{ secrets.ANTHROPIC_API_KEY }}
`;
