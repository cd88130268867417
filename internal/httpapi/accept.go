package httpapi

import (
	"html/template"
	"net/http"
)

// acceptPage answers the link of an invitation email
// (PUBLIC_URL/invitations/accept?key=...) when PUBLIC_URL points at Orgraph
// itself, as it does by default. A web app in front of Orgraph serves this
// route itself and calls acceptInvitation; without one, the page tells the
// invitee how to accept in GraphiQL. The key is only echoed back to the
// person who holds the link, never stored or logged.
var acceptPage = template.Must(template.New("accept").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Accept your Orgraph invitation</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>Accept your invitation</h1>
{{if .}}
<ol>
<li>Open <a href="/">GraphiQL</a>. Sign up with the email address the invitation was sent to, or sign in,
and put your token in the Headers tab: <code>{"Authorization": "Bearer &lt;token&gt;"}</code>.</li>
<li>Run:
<pre>mutation {
  acceptInvitation(key: "{{.}}") { role organization { slug name } }
}</pre>
(or <code>declineInvitation</code> with the same key).</li>
</ol>
{{else}}
<p>This link has no invitation key. Use the link from your invitation email.</p>
{{end}}
</body>
</html>
`))

func serveAcceptPage(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	_ = acceptPage.Execute(w, r.URL.Query().Get("key"))
}
