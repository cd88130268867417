// Organization -> Create: the API's validation errors are shown at their field.
import { useState } from "preact/hooks";
import { gql } from "./api";
import { graphql } from "./gql";
import { navigate } from "./router";
import { ErrorText, Field, useAction } from "./ui";

const CreateOrganizationDoc = graphql(`
  mutation CreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) { id slug }
  }
`);

const fieldNames = ["slug", "name", "description", "contact.email", "contact.phone", "contact.location"];

export function CreateOrganization(props: { onCreated: () => void }) {
  const [slug, setSlug] = useState("");
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [email, setEmail] = useState("");
  const [phone, setPhone] = useState("");
  const [location, setLocation] = useState("");
  const a = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    a.run(async () => {
      const r = await gql(CreateOrganizationDoc, {
        input: { slug, name, description, contact: { email, phone, location } },
      });
      props.onCreated();
      navigate(`/orgs/${encodeURIComponent(r.createOrganization.slug)}/settings`);
    });
  };
  const other = a.error && !fieldNames.some((f) => a.fields[f]);
  return (
    <main class="narrow">
      <h1>Create an organization</h1>
      <form onSubmit={submit} noValidate>
        <Field label="Short name" value={slug} onInput={setSlug} required error={a.fields.slug} hint="1 to 16 letters, digits, - or _; it names the workspace" />
        <Field label="Full name" value={name} onInput={setName} error={a.fields.name} hint="Up to 64 characters; the short name if empty" />
        <Field label="Description" value={description} onInput={setDescription} multiline error={a.fields.description} />
        <fieldset>
          <legend>Contacts</legend>
          <Field label="Email" type="email" value={email} onInput={setEmail} error={a.fields["contact.email"]} />
          <Field label="Phone number" type="tel" value={phone} onInput={setPhone} error={a.fields["contact.phone"]} hint="+, digits, spaces and dashes" />
          <Field label="Location" value={location} onInput={setLocation} error={a.fields["contact.location"]} />
        </fieldset>
        {other ? <ErrorText error={a.error} /> : null}
        <button type="submit" class="primary" disabled={a.busy}>
          {a.busy ? "Creating…" : "Create organization"}
        </button>
      </form>
    </main>
  );
}
