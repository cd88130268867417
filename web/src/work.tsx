// A workspace's projects, tasks and jobs, as the viewer's role shows them
// (a worker sees what they own or are assigned to), with the create forms
// the API's viewerCan allows.
import { useState } from "preact/hooks";
import { gql } from "./api";
import { graphql } from "./gql";
import { Empty, ErrorText, Field, Link, Loading, Reason, roleNames, useAction, useQuery } from "./ui";

const WorkspaceDoc = graphql(`
  query Workspace($org: String, $slug: String!, $inOrg: Boolean!) {
    organization(slug: $slug) @include(if: $inOrg) {
      id slug name viewerRole
      viewerCan { createProject { allowed reason } createTask { allowed reason } createJob { allowed reason } }
      members(first: 50) { edges { node { user { id username } } } }
    }
    projects(organization: $org, first: 50) { totalCount edges { node { id name owner { username } assignee { username } } } }
    tasks(organization: $org, first: 50) { totalCount edges { node { id name project { name } owner { username } assignee { username } } } }
    jobs(organization: $org, first: 50) { totalCount edges { node { id stage state task { name } assignee { username } } } }
  }
`);
const CreateProjectDoc = graphql(`
  mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { id } }
`);
const CreateTaskDoc = graphql(`
  mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { id } }
`);
const CreateJobDoc = graphql(`
  mutation CreateJob($input: CreateJobInput!) { createJob(input: $input) { id } }
`);

type Perm = { allowed: boolean; reason?: string | null };
const nodes = <T,>(c: { edges?: ({ node?: T | null } | null)[] | null }): T[] => (c.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));

export function Workspace(props: { slug: string | null; me: { id: string; username: string } }) {
  const vars = { org: props.slug, slug: props.slug ?? "", inOrg: props.slug !== null };
  const q = useQuery(() => gql(WorkspaceDoc, vars), [props.slug]);
  const title = props.slug ? `Work in ${props.slug}` : "Personal workspace";
  if (q.error) return <main><h1>{title}</h1><ErrorText error={q.error} /></main>;
  if (!q.data) return <main><h1>{title}</h1><Loading what="the work" /></main>;
  const d = q.data;
  const org = d.organization ?? null;
  const yes: Perm = { allowed: true };
  const can = org?.viewerCan ?? { createProject: yes, createTask: yes, createJob: yes };
  const people = org ? nodes(org.members).map((m) => m.user) : [props.me];
  const projects = nodes(d.projects), tasks = nodes(d.tasks), jobs = nodes(d.jobs);
  return (
    <main>
      <h1>{title}</h1>
      {org ? (
        <p>
          Your role: <strong>{org.viewerRole ? roleNames[org.viewerRole] : "—"}</strong>. <Link href={`/orgs/${encodeURIComponent(org.slug)}/settings`}>Organization settings</Link>
        </p>
      ) : <p class="hint">Work here is yours alone.</p>}
      <div class="columns">
        <section aria-labelledby="projects-h">
          <h2 id="projects-h">Projects ({d.projects.totalCount})</h2>
          {projects.length ? <ul class="cards" aria-label="Projects">{projects.map((p) => <li class="card"><strong>{p.name}</strong><p class="muted">owner {p.owner?.username ?? "—"}, assignee {p.assignee?.username ?? "none"}</p></li>)}</ul> : <Empty>No projects you can see.</Empty>}
          <CreateForm kind="project" perm={can.createProject} people={people} orgID={org?.id ?? null} onDone={q.reload} />
        </section>
        <section aria-labelledby="tasks-h">
          <h2 id="tasks-h">Tasks ({d.tasks.totalCount})</h2>
          {tasks.length ? <ul class="cards" aria-label="Tasks">{tasks.map((t) => <li class="card" data-task={t.name}><strong>{t.name}</strong><p class="muted">project {t.project?.name ?? "—"}, owner {t.owner?.username ?? "—"}, assignee {t.assignee?.username ?? "none"}</p></li>)}</ul> : <Empty>No tasks you can see.</Empty>}
          <CreateForm kind="task" perm={can.createTask} people={people} orgID={org?.id ?? null} parents={projects} onDone={q.reload} />
        </section>
        <section aria-labelledby="jobs-h">
          <h2 id="jobs-h">Jobs ({d.jobs.totalCount})</h2>
          {jobs.length ? <ul class="cards" aria-label="Jobs">{jobs.map((j) => <li class="card"><strong>Job of {j.task?.name ?? "a task"}</strong><p class="muted">{j.stage} · {j.state} · assignee {j.assignee?.username ?? "none"}</p></li>)}</ul> : <Empty>No jobs you can see.</Empty>}
          <CreateForm kind="job" perm={can.createJob} people={people} orgID={org?.id ?? null} parents={tasks} onDone={q.reload} />
        </section>
      </div>
    </main>
  );
}

function CreateForm(props: { kind: "project" | "task" | "job"; perm: Perm; people: { id: string; username: string }[]; orgID: string | null; parents?: { id: string; name: string }[]; onDone: () => void }) {
  const [name, setName] = useState("");
  const [parent, setParent] = useState("");
  const [assignee, setAssignee] = useState("");
  const a = useAction();
  const { kind } = props;
  if (!props.perm.allowed) return <Reason reason={props.perm.reason} />;
  const submit = (e: Event) => {
    e.preventDefault();
    const assigneeID = assignee || null;
    a.run(async () => {
      if (kind === "project") await gql(CreateProjectDoc, { input: { name, organizationID: props.orgID, assigneeID } });
      else if (kind === "task") await gql(CreateTaskDoc, { input: { name, organizationID: parent ? null : props.orgID, projectID: parent || null, assigneeID } });
      else await gql(CreateJobDoc, { input: { taskID: parent, assigneeID } });
      setName("");
      setAssignee("");
      props.onDone();
    });
  };
  const id = `new-${kind}`;
  return (
    <form class="create" onSubmit={submit} noValidate aria-label={`New ${kind}`}>
      <h3>New {kind}</h3>
      {kind !== "job" ? <Field label={`${kind === "task" ? "Task" : "Project"} name`} value={name} onInput={setName} required error={a.fields.name} /> : null}
      {props.parents ? (
        <div class="field">
          <label for={`${id}-parent`}>{kind === "task" ? "Project" : "Task"}</label>
          <select id={`${id}-parent`} value={parent} onChange={(e) => setParent(e.currentTarget.value)}>
            <option value="">{kind === "task" ? "No project" : "Choose a task"}</option>
            {props.parents.map((p) => <option value={p.id}>{p.name}</option>)}
          </select>
        </div>
      ) : null}
      <div class="field">
        <label for={`${id}-assignee`}>Assignee</label>
        <select id={`${id}-assignee`} value={assignee} onChange={(e) => setAssignee(e.currentTarget.value)}>
          <option value="">Nobody</option>
          {props.people.map((p) => <option value={p.id}>{p.username}</option>)}
        </select>
      </div>
      <ErrorText error={a.error && !a.fields.name ? a.error : null} />
      <button type="submit" disabled={a.busy || (kind === "job" && !parent)}>Create {kind}</button>
    </form>
  );
}
