// The guide's story in Chromium, three people in separate browser contexts.
// Started by the Go test TestWebAppStory (webapp_e2e_test.go), which runs
// the server and the SMTP server: ORGRAPH_URL, MAILBOX_URL, SCREENSHOTS,
// CHROMIUM come from it.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import assert from "node:assert/strict";

const base = process.env.ORGRAPH_URL;
const mailbox = process.env.MAILBOX_URL;
const shots = process.env.SCREENSHOTS;
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
const problems = [];

async function person(name, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  // Offline: any request to another origin is refused and counted.
  await context.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith(base) || u.startsWith("data:")) return route.continue();
    problems.push(`${name}: request to ${u}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) problems.push(`${name}: CSP: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`${name}: page error: ${e.message}`));
  page.on("dialog", (d) => d.accept());
  page.on("request", (r) => {
    if (/[?&](token|key)=/.test(r.url()) && !r.url().includes("/invitations/accept")) problems.push(`${name}: secret in URL ${r.url()}`);
  });
  return page;
}

// check runs axe-core on the screen (evaluated through the DevTools
// protocol, so the page's CSP stays as it is) and keeps a screenshot.
async function check(page, screen) {
  await page.waitForLoadState("networkidle");
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  for (const v of result.violations) {
    if (v.impact === "serious" || v.impact === "critical") problems.push(`${screen}: axe ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }
  await page.screenshot({ path: `${shots}/${screen}.png`, fullPage: true });
  console.log(`screen ${screen}: ${result.violations.length} axe violations (${result.violations.map((v) => `${v.id}/${v.impact}`).join(", ") || "none"})`);
}

async function link(email) {
  for (let i = 0; i < 100; i++) {
    const r = await fetch(`${mailbox}/link?to=${encodeURIComponent(email)}`);
    if (r.ok) return r.text();
    await new Promise((ok) => setTimeout(ok, 200));
  }
  throw new Error(`no invitation email to ${email}`);
}

async function signUp(page, name, email) {
  await page.getByLabel("Username").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(`${name}'s long password`);
  await page.getByRole("button", { name: "Sign up" }).click();
}

const step = (s) => console.log(`--- ${s}`);

try {
  step("alice signs up and creates acme");
  const alice = await person("alice");
  await alice.goto(`${base}/`);
  await alice.getByRole("heading", { name: "Sign in to Orgraph" }).waitFor();
  await check(alice, "01-sign-in");
  await alice.getByRole("link", { name: "Create an account" }).click();
  await check(alice, "02-sign-up");
  await signUp(alice, "alice", "alice@example.com");
  await alice.getByRole("heading", { name: "Personal workspace" }).waitFor();
  await check(alice, "03-personal-workspace");
  await alice.getByRole("button", { name: "alice" }).click();
  await check(alice, "04-user-menu");
  await alice.getByRole("link", { name: "Create" }).click();
  await alice.getByLabel("Short name").fill("not valid!");
  await alice.getByLabel("Email").fill("not an email");
  await alice.getByRole("button", { name: "Create organization" }).click();
  await alice.locator(".error").first().waitFor();
  await check(alice, "05-create-organization-errors");
  await alice.getByLabel("Short name").fill("acme");
  await alice.getByLabel("Full name").fill("Acme Corp");
  await alice.getByLabel("Description").fill("Labeling team");
  await alice.getByLabel("Email").fill("ops@acme.example");
  await alice.getByLabel("Phone number").fill("+1 555 0100");
  await alice.getByLabel("Location").fill("Berlin");
  await alice.getByRole("button", { name: "Create organization" }).click();
  await alice.getByRole("heading", { name: "Acme Corp (acme)" }).waitFor();
  assert.equal(await alice.locator(".workspace").textContent(), "acme");

  step("alice invites bob and carol");
  await alice.getByRole("button", { name: "Invite members" }).click();
  await alice.getByLabel("Email addresses").fill("bob@example.com, carol@example.com");
  await alice.getByLabel("Role").selectOption("WORKER");
  await check(alice, "06-invite-members");
  await alice.getByRole("button", { name: "Invite", exact: true }).click();
  await alice.locator("[data-invitation='carol@example.com']").waitFor();
  await check(alice, "07-organization-settings-owner");

  step("bob opens the link from his email, signs up and accepts");
  const bob = await person("bob");
  await bob.goto(await link("bob@example.com"));
  await bob.getByRole("heading", { name: "You are invited to an organization" }).waitFor();
  assert.equal(new URL(bob.url()).search, "", "the key left the address bar");
  await check(bob, "08-invitation-signed-out");
  await bob.getByRole("link", { name: "Create an account" }).click();
  await signUp(bob, "bob", "bob@example.com");
  await bob.getByText("invites you as").waitFor();
  assert.match(await bob.locator(".card").textContent(), /Acme Corp.*acme.*Worker/);
  await check(bob, "09-invitation-accept");
  await bob.getByRole("button", { name: "Accept invitation" }).click();
  await bob.getByRole("heading", { name: "Work in acme" }).waitFor();

  step("alice's settings page shows bob joining without a reload (organizationEvents)");
  await alice.locator("[data-member='bob']").waitFor();
  await alice.locator("[data-invitation='bob@example.com']").waitFor({ state: "detached" });

  step("carol does the same, on a phone-sized screen");
  const carol = await person("carol", { width: 360, height: 740 });
  await carol.goto(await link("carol@example.com"));
  await carol.getByRole("link", { name: "Create an account" }).click();
  await signUp(carol, "carol", "carol@example.com");
  await carol.getByRole("button", { name: "Accept invitation" }).click();
  await carol.getByRole("heading", { name: "Work in acme" }).waitFor();

  step("alice sees bob's invitation details and makes him supervisor");
  await alice.locator("[data-member='carol']").waitFor();
  const bobCard = alice.locator("[data-member='bob']");
  await bobCard.waitFor();
  const facts = await bobCard.locator(".facts").textContent();
  assert.match(facts, /Invited byalice/);
  assert.match(facts, /Joined\d/);
  await bobCard.getByLabel("Role of bob").selectOption("SUPERVISOR");
  await bobCard.getByText("Supervisor", { exact: true }).first().waitFor();
  await alice.waitForFunction(() => document.querySelector("[data-member='bob'] .facts dd")?.textContent === "Supervisor");

  step("alice reads the audit log, newest first");
  const audit = alice.getByRole("table", { name: "Audit log" });
  await audit.locator("tr[data-action='ROLE_CHANGED']").waitFor();
  const actions = await audit.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.action));
  assert.equal(actions[0], "ROLE_CHANGED", `newest first: ${actions}`);
  for (const a of ["INVITATION_SENT", "MEMBER_JOINED", "ROLE_CHANGED"]) assert.ok(actions.includes(a), `audit log has ${a}: ${actions}`);
  assert.match(await audit.locator("tr[data-action='ROLE_CHANGED']").textContent(), /alicechanged a role.*Worker → Supervisor/);
  await audit.locator("tr[data-action='ROLE_CHANGED']").scrollIntoViewIfNeeded();
  await check(alice, "16-audit-log");

  step("bob, supervisor, creates a project and tasks, one assigned to carol");
  await bob.goto(`${base}/orgs/acme/work`);
  await bob.getByLabel("Project name").fill("Street scenes");
  await bob.getByRole("button", { name: "Create project" }).click();
  await bob.getByText("Street scenes").first().waitFor();
  await bob.getByLabel("Task name").fill("Day 1");
  await bob.locator("#new-task-parent").selectOption({ label: "Street scenes" });
  await bob.locator("#new-task-assignee").selectOption({ label: "carol" });
  await bob.getByRole("button", { name: "Create task" }).click();
  await bob.locator("[data-task='Day 1']").waitFor();
  await bob.getByLabel("Task name").fill("Day 2");
  await bob.locator("#new-task-parent").selectOption({ label: "Street scenes" });
  await bob.getByRole("button", { name: "Create task" }).click();
  await bob.locator("[data-task='Day 2']").waitFor();
  await check(bob, "10-workspace-supervisor");
  // A supervisor sees no pending invitations and changes nobody's role.
  await bob.goto(`${base}/orgs/acme/settings`);
  await bob.locator("[data-member='carol']").waitFor();
  assert.equal(await bob.locator("select[aria-label^='Role of']").count(), 0);
  assert.equal(await bob.getByRole("button", { name: "Remove organization" }).count(), 0);
  assert.ok(await bob.getByRole("button", { name: "Invite members" }).isDisabled());
  assert.equal(await bob.getByRole("heading", { name: "Audit log" }).count(), 0, "a supervisor sees no audit log");

  step("carol, worker, sees only what is assigned to her");
  await carol.reload();
  await carol.locator("[data-task='Day 1']").waitFor();
  assert.equal(await carol.locator("[data-task='Day 2']").count(), 0);
  assert.equal(await carol.getByRole("button", { name: "Create project" }).count(), 0);
  await carol.getByText("your role does not allow this: create projects").waitFor();
  await check(carol, "11-workspace-worker-phone");
  await carol.goto(`${base}/orgs/acme/settings`);
  await carol.locator("[data-member='bob']").waitFor();
  assert.ok(await carol.getByLabel("Full name").isDisabled());
  assert.equal(await carol.getByRole("button", { name: /^Remove / }).count(), 0);
  assert.equal(await carol.getByRole("button", { name: "Transfer ownership" }).count(), 0);
  await check(carol, "12-organization-settings-worker-phone");
  await carol.goto(`${base}/invitations`);
  await carol.getByText("No pending invitations.").waitFor();
  await check(carol, "13-my-invitations");

  step("alice removes carol and hands her task to bob");
  const carolCard = alice.locator("[data-member='carol']");
  await carolCard.getByRole("button", { name: "Remove carol" }).click();
  const removeDialog = alice.getByRole("dialog", { name: "Remove carol from acme?" });
  await removeDialog.getByLabel("Reassign their work to").selectOption({ label: "bob (Supervisor)" });
  await check(alice, "17-remove-member");
  await removeDialog.getByRole("button", { name: "Remove carol" }).click();
  await alice.getByText("Removed carol. Moved to bob: 0 projects, 1 task, 0 jobs.").waitFor();
  await carolCard.waitFor({ state: "detached" });
  await bob.goto(`${base}/orgs/acme/work`);
  await bob.locator("[data-task='Day 1']").waitFor();
  assert.match(await bob.locator("[data-task='Day 1']").textContent(), /assignee bob/);

  step("bob leaves");
  await bob.goto(`${base}/orgs/acme/settings`);
  await bob.getByRole("button", { name: "Leave organization" }).click();
  await check(bob, "14-leave-organization");
  await bob.getByRole("button", { name: "Leave", exact: true }).click();
  await bob.getByRole("heading", { name: "Personal workspace" }).waitFor();
  await bob.getByRole("button", { name: "bob" }).click();
  assert.equal(await bob.getByRole("link", { name: "acme" }).count(), 0);

  step("alice removes acme after typing its short name");
  await alice.reload();
  assert.ok(await alice.getByRole("button", { name: "Leave organization" }).isDisabled());
  await alice.getByText("the owner cannot leave").waitFor();
  await alice.getByRole("button", { name: "Remove organization" }).click();
  const preview = alice.getByRole("list", { name: "What will be deleted" });
  await preview.waitFor();
  assert.equal(
    (await preview.textContent()).replace(/\s+/g, " "),
    "1 members2 invitations1 projects2 tasks0 jobs0 annotations0 cloud storages".replace(/\s+/g, " "),
  );
  const remove = alice.getByRole("dialog").getByRole("button", { name: "Remove organization" });
  assert.ok(await remove.isDisabled());
  await alice.getByLabel("Type the short name (acme) to confirm").fill("acme");
  await check(alice, "15-remove-organization");
  await remove.click();
  await alice.getByRole("heading", { name: "Personal workspace" }).waitFor();
  await carol.goto(`${base}/orgs/acme/work`);
  await carol.getByText("not found").waitFor();
  await alice.goto(`${base}/graphiql`);
  await alice.waitForLoadState("networkidle");
} finally {
  await browser.close();
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("story: all steps passed");
