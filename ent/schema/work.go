package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"

	"orgraph/ent/hook"
	"orgraph/ent/schema/gqldoc"
	"orgraph/internal/errcode"
	"orgraph/internal/hooks"
	"orgraph/internal/policy"
)

// Work (RULES.md §5): projects contain tasks, tasks contain jobs, jobs contain
// annotations; cloud storages stand alone. Each belongs to an organization
// or, with a NULL organization_id, to its owner's personal workspace. Tasks
// and jobs copy the organization of their parent, so that visibility
// filters and the cascade of an organization's removal are one indexed
// condition per table.

// WorkMixin holds what every kind of work has: where it lives, who created
// it, when.
type WorkMixin struct{ mixin.Schema }

// Fields of the WorkMixin.
func (WorkMixin) Fields() []ent.Field {
	return []ent.Field{
		// NULL: the owner's personal workspace.
		field.Int("organization_id").Optional().Nillable().Immutable().Annotations(entgql.Skip()),
		// Always set; Optional so that GraphQL types owner as nullable: a
		// creator who left the organization is no longer visible.
		field.Int("owner_id").Optional().Immutable().Annotations(entgql.Skip()),
	}
}

// Hooks of the WorkMixin: the creator is the owner.
func (WorkMixin) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(hooks.SetOwner, ent.OpCreate)}
}

// Indexes of the WorkMixin.
func (WorkMixin) Indexes() []ent.Index {
	return []ent.Index{index.Fields("organization_id"), index.Fields("owner_id")}
}

// workName is a name column of 1024 bytes with its rule (256 characters
// fit whatever they are); input is the GraphQL input field, comment its
// description.
func workName(column, input, comment string) ent.Field {
	rule := textRule{field: input, min: 1, max: 256}
	return field.String(column).Comment(comment).Validate(rule.validate).MaxLen(1024).Annotations(entgql.OrderField("NAME"))
}

// Project is a set of tasks.
type Project struct{ ent.Schema }

// Mixin of the Project.
func (Project) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, WorkMixin{}} }

// Fields of the Project.
func (Project) Fields() []ent.Field {
	return []ent.Field{
		workName("name", "name", "The project's name: 1 to 256 characters."),
		field.Int("assignee_id").Optional().Nillable().Annotations(entgql.Skip()),
	}
}

// Edges of the Project.
func (Project) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("projects").Field("organization_id").Unique().Immutable().
			Comment("The organization it belongs to; null in a personal workspace."),
		edge.From("owner", User.Type).Ref("owned_projects").Field("owner_id").Unique().Immutable().Comment("Who created it; null when the viewer may no longer see them (they left the organization).").
			Annotations(ownerIsTheViewer),
		edge.From("assignee", User.Type).Ref("assigned_projects").Field("assignee_id").Unique().Comment("The member assigned to it, or null. In a personal workspace only the owner may be assigned."),
		edge.To("tasks", Task.Type).Comment("The project's tasks that the viewer may see.").Annotations(entgql.RelayConnection(), entsql.OnDelete(entsql.NoAction), childrenHaveTheirOwnMutations),
	}
}

// Indexes of the Project.
func (Project) Indexes() []ent.Index { return []ent.Index{index.Fields("assignee_id")} }

// Annotations of the Project.
func (Project) Annotations() []schema.Annotation {
	return workAnnotations("A set of tasks, in an organization or a personal workspace. Staff see every project of their organization; other members those they own or are assigned to (RULES.md §5).")
}

// Hooks of the Project: removing it removes its tasks, jobs and
// annotations; assignees are checked.
func (Project) Hooks() []ent.Hook {
	return []ent.Hook{
		hook.On(hooks.CascadeProjectDelete, ent.OpDeleteOne),
		hook.On(hooks.ValidateAssignee, ent.OpCreate|ent.OpUpdateOne),
	}
}

// Policy of the Project.
func (Project) Policy() ent.Policy { return policy.Project() }

// Task is a unit of annotation work, in a project or on its own.
type Task struct{ ent.Schema }

// Mixin of the Task.
func (Task) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, WorkMixin{}} }

// Fields of the Task.
func (Task) Fields() []ent.Field {
	return []ent.Field{
		workName("name", "name", "The task's name: 1 to 256 characters."),
		field.Int("project_id").Optional().Nillable().Immutable().Annotations(entgql.Skip()),
		field.Int("assignee_id").Optional().Nillable().Annotations(entgql.Skip()),
	}
}

// Edges of the Task.
func (Task) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("tasks").Field("organization_id").Unique().Immutable().
			Comment("The organization it belongs to; null in a personal workspace."),
		edge.From("owner", User.Type).Ref("owned_tasks").Field("owner_id").Unique().Immutable().Comment("Who created it; null when the viewer may no longer see them (they left the organization).").
			Annotations(ownerIsTheViewer),
		edge.From("assignee", User.Type).Ref("assigned_tasks").Field("assignee_id").Unique().Comment("The member assigned to it, or null. In a personal workspace only the owner may be assigned."),
		edge.From("project", Project.Type).Ref("tasks").Field("project_id").Unique().Immutable().
			Comment("The project the task is in; null for a task on its own, or when the viewer may not see the project."),
		edge.To("jobs", Job.Type).Comment("The task's jobs that the viewer may see.").Annotations(entgql.RelayConnection(), childrenHaveTheirOwnMutations),
	}
}

// Indexes of the Task.
func (Task) Indexes() []ent.Index {
	return []ent.Index{index.Fields("assignee_id"), index.Fields("project_id")}
}

// Annotations of the Task.
func (Task) Annotations() []schema.Annotation {
	return workAnnotations("A unit of annotation work, in a project or on its own. Staff see every task; other members those they own or are assigned to, or whose project they own or are assigned to.")
}

// Hooks of the Task: a task of a project lives in the project's
// organization (before the assignee is checked there); removing it removes
// its jobs and annotations; assignees are checked.
func (Task) Hooks() []ent.Hook {
	return []ent.Hook{
		hook.On(hooks.PlaceTask, ent.OpCreate),
		hook.On(hooks.CascadeTaskDelete, ent.OpDeleteOne),
		hook.On(hooks.ValidateAssignee, ent.OpCreate|ent.OpUpdateOne),
	}
}

// Policy of the Task.
func (Task) Policy() ent.Policy { return policy.Task() }

// Job is a part of a task that one person annotates.
type Job struct{ ent.Schema }

// Mixin of the Job.
func (Job) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, WorkMixin{}} }

// Fields of the Job.
func (Job) Fields() []ent.Field {
	return []ent.Field{
		field.Int("task_id").Immutable().Annotations(entgql.Skip()),
		field.Int("assignee_id").Optional().Nillable().Annotations(entgql.Skip()),
		field.Enum("stage").
			Values("ANNOTATION", "VALIDATION", "ACCEPTANCE").
			Default("ANNOTATION").
			Comment("The stage of review the job is at; it starts at ANNOTATION.").
			Annotations(entgql.Type("JobStage"), entgql.OrderField("STAGE"), startsAtTheDefault, gqldoc.Enum{
				Type: "The stage of review a job is at.",
				Values: map[string]string{
					"ANNOTATION": "The shapes are being drawn.",
					"VALIDATION": "The shapes are being checked.",
					"ACCEPTANCE": "The result is being accepted.",
				},
			}),
		field.Enum("state").
			Values("NEW", "IN_PROGRESS", "COMPLETED", "REJECTED").
			Default("NEW").
			Comment("How far the work of the current stage is; it starts at NEW.").
			Annotations(entgql.Type("JobState"), entgql.OrderField("STATE"), startsAtTheDefault, gqldoc.Enum{
				Type: "How far the work of a job's current stage is.",
				Values: map[string]string{
					"NEW":         "Not started.",
					"IN_PROGRESS": "Being worked on.",
					"COMPLETED":   "Done.",
					"REJECTED":    "Sent back to be done again.",
				},
			}),
	}
}

// Edges of the Job.
func (Job) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("jobs").Field("organization_id").Unique().Immutable().
			Annotations(entgql.Skip()),
		edge.From("owner", User.Type).Ref("owned_jobs").Field("owner_id").Unique().Immutable().Comment("Who created it; null when the viewer may no longer see them (they left the organization).").
			Annotations(ownerIsTheViewer),
		edge.From("assignee", User.Type).Ref("assigned_jobs").Field("assignee_id").Unique().Comment("The member assigned to it, or null. In a personal workspace only the owner may be assigned."),
		edge.From("task", Task.Type).Ref("jobs").Field("task_id").Unique().Required().Immutable().
			Comment("The job's task; null when the viewer may not see it (someone who is only assigned to the job, RULES.md §5)."),
		edge.To("annotations", Annotation.Type).Comment("The job's annotations.").Annotations(entgql.RelayConnection(), childrenHaveTheirOwnMutations),
	}
}

// Indexes of the Job.
func (Job) Indexes() []ent.Index {
	return []ent.Index{index.Fields("assignee_id"), index.Fields("task_id")}
}

// Annotations of the Job.
func (Job) Annotations() []schema.Annotation {
	return workAnnotations("A part of a task that one person annotates. Staff see every job; other members those they are assigned to, or whose task (or the task's project) they own or are assigned to.")
}

// Hooks of the Job: a job lives in its task's organization (before the
// assignee is checked there); removing it removes its annotations;
// assignees are checked.
func (Job) Hooks() []ent.Hook {
	return []ent.Hook{
		hook.On(hooks.PlaceJob, ent.OpCreate),
		hook.On(hooks.CascadeJobDelete, ent.OpDeleteOne),
		hook.On(hooks.ValidateAssignee, ent.OpCreate|ent.OpUpdateOne),
	}
}

// Policy of the Job.
func (Job) Policy() ent.Policy { return policy.Job() }

// Annotation is one shape on one frame of a job.
type Annotation struct{ ent.Schema }

// Fields of the Annotation.
func (Annotation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("job_id").Immutable().Annotations(entgql.Skip()),
		// organization_id copies the job's (NULL in a personal workspace):
		// removing an organization deletes its annotations by this indexed
		// column instead of a join through jobs over the whole table.
		field.Int("organization_id").Optional().Nillable().Immutable().Annotations(entgql.Skip()),
		field.String("label").Comment("The shape's label: 1 to 256 characters.").Validate(textRule{field: "label", min: 1, max: 256}.validate).MaxLen(1024),
		field.Enum("type").
			Values("RECTANGLE", "POLYGON", "POLYLINE", "POINTS", "ELLIPSE", "CUBOID", "MASK", "SKELETON").
			Comment("The kind of shape.").
			Annotations(entgql.Type("ShapeType"), gqldoc.Enum{
				Type: "The kind of a shape (CVAT's shape types); `points` holds its coordinates.",
				Values: map[string]string{
					"RECTANGLE": "A rectangle.",
					"POLYGON":   "A closed polygon.",
					"POLYLINE":  "An open line through the points.",
					"POINTS":    "Separate points.",
					"ELLIPSE":   "An ellipse.",
					"CUBOID":    "A cuboid.",
					"MASK":      "A mask of pixels.",
					"SKELETON":  "A skeleton of connected points.",
				},
			}),
		field.Int("frame").Validate(func(n int) error {
			if n < 0 {
				return errcode.Invalid("frame", "frame must be 0 or more")
			}
			return nil
		}).Comment("The frame the shape is on: 0 or more.").Annotations(entgql.OrderField("FRAME")),
		field.JSON("points", []float64{}).Comment("The shape's coordinates, as a flat list of numbers."),
	}
}

// Edges of the Annotation.
func (Annotation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("job", Job.Type).Ref("annotations").Field("job_id").Unique().Required().Immutable().Comment("The job the shape is on."),
		edge.From("organization", Organization.Type).Ref("annotations").Field("organization_id").Unique().Immutable().
			Annotations(entgql.Skip()),
	}
}

// Indexes of the Annotation.
func (Annotation) Indexes() []ent.Index {
	return []ent.Index{index.Fields("job_id", "frame"), index.Fields("organization_id")}
}

// Annotations of the Annotation.
func (Annotation) Annotations() []schema.Annotation {
	return []schema.Annotation{
		schema.Comment("One shape on one frame of a job. Whoever sees the job sees its annotations."),
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}

// Policy of the Annotation.
func (Annotation) Policy() ent.Policy { return policy.Annotation() }

// CloudStorage points at a bucket or container of a cloud provider.
type CloudStorage struct{ ent.Schema }

// Mixin of the CloudStorage.
func (CloudStorage) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, WorkMixin{}} }

// Fields of the CloudStorage.
func (CloudStorage) Fields() []ent.Field {
	return []ent.Field{
		workName("display_name", "displayName", "The name shown for the storage: 1 to 256 characters."),
		field.Enum("provider").
			Values("AWS_S3", "AZURE_CONTAINER", "GOOGLE_CLOUD_STORAGE").
			Comment("The provider of the storage; set when it is created.").
			Annotations(entgql.Type("CloudProvider"), entgql.Skip(entgql.SkipMutationUpdateInput), gqldoc.Enum{
				Type: "A cloud storage provider.",
				Values: map[string]string{
					"AWS_S3":               "An Amazon S3 bucket.",
					"AZURE_CONTAINER":      "An Azure Blob Storage container.",
					"GOOGLE_CLOUD_STORAGE": "A Google Cloud Storage bucket.",
				},
			}),
		field.String("resource").Comment("The bucket or container at the provider: 1 to 256 characters.").Validate(textRule{field: "resource", min: 1, max: 256}.validate).MaxLen(1024),
	}
}

// Edges of the CloudStorage.
func (CloudStorage) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("cloud_storages").Field("organization_id").Unique().Immutable().
			Comment("The organization it belongs to; null in a personal workspace."),
		edge.From("owner", User.Type).Ref("cloud_storages").Field("owner_id").Unique().Immutable().Comment("Who created it; null when the viewer may no longer see them (they left the organization).").
			Annotations(ownerIsTheViewer),
	}
}

// Annotations of the CloudStorage.
func (CloudStorage) Annotations() []schema.Annotation {
	return workAnnotations("A bucket or container of a cloud provider. Staff and supervisors see every one of their organization; workers those they own.")
}

// Policy of the CloudStorage.
func (CloudStorage) Policy() ent.Policy { return policy.CloudStorage() }

// workAnnotations: a Relay connection, and the create and update inputs
// generated by entgql (CreateXInput, UpdateXInput) that the mutations take
// and apply with SetInput. What the client may not set is left out of them
// (below); the owner and the organization of a child are set by hooks
// (internal/hooks: SetOwner, PlaceTask, PlaceJob). comment describes the
// GraphQL type.
func workAnnotations(comment string) []schema.Annotation {
	return []schema.Annotation{
		schema.Comment(comment),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

var (
	// The owner is the viewer who creates the row (hooks.SetOwner), and it
	// never changes.
	ownerIsTheViewer = entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)
	// Tasks, jobs and annotations are created in their parent by their own
	// mutations, never attached or detached through the parent's input.
	childrenHaveTheirOwnMutations = entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)
	// A new job starts at the first stage and state; they change through
	// updateJob.
	startsAtTheDefault = entgql.Skip(entgql.SkipMutationCreateInput)
)
