package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"orgraph/ent"
	"orgraph/ent/annotation"
	"orgraph/ent/cloudstorage"
	"orgraph/internal/auth"
	"orgraph/internal/authz"
	"orgraph/internal/database"
	"orgraph/internal/policy"
)

// personalAnnotations is the personal work seeded next to the
// organizations.
const personalAnnotations = 1000

// seedTemplate fills an empty database: the victim and the survivor, each
// with n annotations in 2,000 jobs, and personal work of the victim's
// owner.
func seedTemplate(u string, n, survivorN int) (fixture, error) {
	ctx := policy.WithSystem(context.Background())
	db, err := database.OpenMigrated(ctx, u)
	if err != nil {
		return fixture{}, err
	}
	defer db.Close()
	c := db.Client()
	tok := "ogt_bench_" + hex.EncodeToString(randomBytes(16))
	fx := fixture{token: tok, n: n, survivorN: survivorN}
	tx, err := c.Tx(ctx)
	if err != nil {
		return fixture{}, err
	}
	seedOrg := func(slug string, n int) (orgID, ownerID int, err error) {
		owner, err := tx.User.Create().SetUsername(slug + "-owner").SetEmail(slug + "-owner@example.com").SetPasswordHash("x").Save(ctx)
		if err != nil {
			return 0, 0, err
		}
		org, err := tx.Organization.Create().SetSlug(slug).SetName(slug).SetOwnerID(owner.ID).Save(ctx)
		if err != nil {
			return 0, 0, err
		}
		if err := tx.Membership.Create().SetUserID(owner.ID).SetOrganizationID(org.ID).SetRole(authz.RoleOwner).Exec(ctx); err != nil {
			return 0, 0, err
		}
		users := []int{owner.ID}
		for i := range members {
			name := fmt.Sprintf("%s-member%02d", slug, i)
			u, err := tx.User.Create().SetUsername(name).SetEmail(name + "@example.com").SetPasswordHash("x").Save(ctx)
			if err != nil {
				return 0, 0, err
			}
			if err := tx.Membership.Create().SetUserID(u.ID).SetOrganizationID(org.ID).SetRole(authz.RoleWorker).SetInvitedByID(owner.ID).Exec(ctx); err != nil {
				return 0, 0, err
			}
			users = append(users, u.ID)
		}
		now := time.Now().UTC()
		for i := range invitations {
			email := fmt.Sprintf("guest%02d-%s@example.com", i, slug)
			inv, err := tx.Invitation.Create().SetEmail(email).SetPendingEmail(email).SetRole(authz.RoleWorker).
				SetKeyHash(randomBytes(32)).SetOrganizationID(org.ID).SetInvitedByID(owner.ID).
				SetExpiresAt(now.Add(7 * 24 * time.Hour)).Save(ctx)
			if err != nil {
				return 0, 0, err
			}
			if err := tx.InvitationEmail.Create().SetOrganizationID(org.ID).SetEmail(email).SetSenderID(owner.ID).SetInvitationID(inv.ID).SetResend(false).Exec(ctx); err != nil {
				return 0, 0, err
			}
		}
		err = seedWork(ctx, tx, &org.ID, users, projects, tasksPerProject, jobsPerTask, n/(projects*tasksPerProject*jobsPerTask), storages)
		return org.ID, owner.ID, err
	}
	var owner int
	if fx.victim, owner, err = seedOrg("victim", n); err != nil {
		return fixture{}, rollback(tx, err)
	}
	if fx.survivor, _, err = seedOrg("survivor", survivorN); err != nil {
		return fixture{}, rollback(tx, err)
	}
	// Personal work of the victim's owner: 1 project, 10 tasks, 10 jobs.
	if err := seedWork(ctx, tx, nil, []int{owner}, 1, 10, 1, personalAnnotations/10, 5); err != nil {
		return fixture{}, rollback(tx, err)
	}
	if err := tx.AuthToken.Create().SetUserID(owner).SetTokenHash(auth.HashToken(tok)).
		SetExpiresAt(time.Now().Add(24 * time.Hour)).Exec(ctx); err != nil {
		return fixture{}, rollback(tx, err)
	}
	return fx, tx.Commit()
}

func rollback(tx *ent.Tx, err error) error { return errors.Join(err, tx.Rollback()) }

func seedWork(ctx context.Context, tx *ent.Tx, orgID *int, users []int, nProjects, nTasks, nJobs, nAnnotations, nStorages int) error {
	user := func(i int) int { return users[i%len(users)] }
	var taskIDs []int
	for p := range nProjects {
		pr, err := tx.Project.Create().SetNillableOrganizationID(orgID).SetOwnerID(user(p)).SetName(fmt.Sprintf("project %d", p)).Save(ctx)
		if err != nil {
			return err
		}
		var tcs []*ent.TaskCreate
		for k := range nTasks {
			tcs = append(tcs, tx.Task.Create().SetNillableOrganizationID(orgID).SetProjectID(pr.ID).
				SetOwnerID(user(k)).SetName(fmt.Sprintf("task %d.%d", p, k)))
		}
		ts, err := tx.Task.CreateBulk(tcs...).Save(ctx)
		if err != nil {
			return err
		}
		for _, t := range ts {
			taskIDs = append(taskIDs, t.ID)
		}
	}
	var jcs []*ent.JobCreate
	for i, tid := range taskIDs {
		for k := range nJobs {
			jc := tx.Job.Create().SetNillableOrganizationID(orgID).SetTaskID(tid).SetOwnerID(user(i))
			if k == 0 {
				jc.SetAssigneeID(user(i + 1))
			}
			jcs = append(jcs, jc)
		}
	}
	var jobIDs []int
	for chunk := range slices.Chunk(jcs, 500) {
		js, err := tx.Job.CreateBulk(chunk...).Save(ctx)
		if err != nil {
			return err
		}
		for _, j := range js {
			jobIDs = append(jobIDs, j.ID)
		}
	}
	batch := make([]*ent.AnnotationCreate, 0, 1000)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := tx.Annotation.CreateBulk(batch...).Exec(ctx)
		batch = batch[:0]
		return err
	}
	for _, jid := range jobIDs {
		for f := range nAnnotations {
			batch = append(batch, tx.Annotation.Create().SetJobID(jid).SetNillableOrganizationID(orgID).SetLabel("car").
				SetType(annotation.TypePOLYGON).SetFrame(f).
				SetPoints([]float64{float64(f), 10.5, 20.25, 30, 40.75, 50, 60.5, 70}))
			if len(batch) == cap(batch) {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	for k := range nStorages {
		if err := tx.CloudStorage.Create().SetNillableOrganizationID(orgID).SetOwnerID(user(k)).
			SetDisplayName(fmt.Sprintf("bucket %d", k)).SetProvider(cloudstorage.ProviderGOOGLE_CLOUD_STORAGE).
			SetResource(fmt.Sprintf("gs://bucket-%d", k)).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// checkpoint opens and closes a SQLite database so that its WAL is folded
// into the main file.
func checkpoint(u string) error {
	db, err := database.Open(u)
	if err != nil {
		return err
	}
	if _, err := db.SQL.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return err
	}
	return db.Close()
}
