package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"orgraph/internal/config"
	"orgraph/internal/errcode"
	"orgraph/internal/querylimit"
)

// The limits of one request (docs/SECURITY.md, "Query cost"). In the order
// a request meets them:
//
//  0. retryDeadlocks, holding the body: MAX_JSON_VALUES, before anything
//     decodes it.
//  1. documentLimit, before parsing and validation, on a query-cache miss:
//     tokens, fields, aliases, directives, depth.
//  2. gqlgen parses and validates (without suggestions); the query cache
//     adds default page sizes.
//  3. costLimit, once variables are known: page sizes (pageSizeLimit),
//     nodes(ids:) lengths and the rows-counting complexity.
//  4. responseSizeLimit, after execution, inside the mutation's
//     transaction: an answer over MAX_RESPONSE_BYTES rolls it back.
//  5. capErrors/errorCap: at most MAX_ERRORS errors are presented.

// rowWeights are the types whose one value may hold more than about a
// kilobyte, with their cost in kilobytes: an organization's description is
// up to 10,000 characters (40 KB in UTF-8), an annotation up to 4,096
// points (32 KB as float64). A Node (node, nodes) may be either: it costs
// the heaviest. Every other value costs 1.
var rowWeights = map[string]int{
	"Organization": 40,
	"Annotation":   32,
	"Node":         40,
}

// documentLimit refuses documents over the limits of their text before
// gqlgen validates them. Documents already in the query cache passed it.
type documentLimit struct {
	noSchemaCheck
	limits querylimit.DocumentLimits
	cache  graphql.Cache[*ast.QueryDocument]
}

var _ graphql.OperationParameterMutator = documentLimit{}

func (documentLimit) ExtensionName() string { return "DocumentLimit" }

func (d documentLimit) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if _, cached := d.cache.Get(ctx, params.Query); cached {
		return nil
	}
	return querylimit.CheckDocument(params.Query, d.limits)
}

// costLimit refuses operations whose cost is over the complexity limit or
// whose nodes(ids:) lists more than MaxPageSize ids, before any resolver
// runs. It replaces gqlgen's FixedComplexityLimit, which counts fields.
type costLimit struct {
	noSchemaCheck
	limit int
	rules querylimit.CostRules
}

var _ graphql.OperationContextMutator = costLimit{}

func (costLimit) ExtensionName() string { return "CostLimit" }

func (c costLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	cost, err := querylimit.Cost(oc.Operation, oc.Variables, c.rules)
	if err != nil {
		return err
	}
	if cost > c.limit {
		return &gqlerror.Error{
			Message: fmt.Sprintf("the operation's complexity is %d, over the limit of %d (COMPLEXITY_LIMIT): "+
				"a connection counts its page size (first or last, default %d); ask for smaller pages or fewer fields", cost, c.limit, DefaultPageSize),
			Extensions: map[string]any{"code": string(errcode.BadUserInput)},
		}
	}
	return nil
}

// responseSizeLimit replaces a response whose data is over max bytes with
// one error. It runs inside the transactioner, so the mutation that
// produced it is rolled back; its data was already built (the cost limit
// bounds it).
func responseSizeLimit(max int) responseCheck {
	return responseCheck{name: "ResponseSizeLimit", check: func(_ context.Context, rsp *graphql.Response) *graphql.Response {
		if len(rsp.Data) <= max {
			return rsp
		}
		return &graphql.Response{Errors: gqlerror.List{{
			Message:    fmt.Sprintf("the response is %d bytes, over the limit of %d (MAX_RESPONSE_BYTES); ask for smaller pages or fewer fields", len(rsp.Data), max),
			Extensions: map[string]any{"code": string(errcode.BadUserInput)},
		}}}
	}}
}

// documentLimits and costRules translate the configuration.
func documentLimits(l config.Limits) querylimit.DocumentLimits {
	return querylimit.DocumentLimits{
		Tokens: l.ParserTokenLimit, Fields: l.MaxFields, Aliases: l.MaxAliases,
		Directives: l.MaxDirectives, Depth: l.MaxDepth,
	}
}

func costRules() querylimit.CostRules {
	return querylimit.CostRules{DefaultPage: DefaultPageSize, MaxIDs: MaxPageSize, Weights: rowWeights}
}

// rulesWithoutSuggestions are gqlparser's validation rules with every rule
// that suggests names replaced by its variant that does not. gqlgen's
// SetDisableSuggestion swaps only two of them.
func rulesWithoutSuggestions() *rules.Rules {
	r := rules.NewDefaultRules()
	for _, swap := range []struct {
		name string
		rule core.Rule
	}{
		{"FieldsOnCorrectType", rules.FieldsOnCorrectTypeRuleWithoutSuggestions},
		{"ScalarLeafs", rules.ScalarLeafsRuleWithoutSuggestions},
		{"KnownArgumentNames", rules.KnownArgumentNamesRuleWithoutSuggestions},
		{"KnownTypeNames", rules.KnownTypeNamesRuleWithoutSuggestions},
		{"ValuesOfCorrectType", rules.ValuesOfCorrectTypeRuleWithoutSuggestions},
	} {
		r.RemoveRule(swap.name)
		r.AddRule(swap.rule.Name, swap.rule.RuleFunc)
	}
	return r
}

// The query cache (parsed, validated documents) and the APQ cache (query
// texts) keep at most 1,000 entries within a budget of bytes each, so that
// filling them cannot grow the process without bound. A document's syntax
// tree is estimated at 48 bytes per byte of its text (about 40 measured):
// the query cache's 16 MiB hold about 340 KiB of document text (the
// documented pages are 0.5 to 1.5 KiB each). A document bigger than the
// whole budget is parsed and validated on every request.
const (
	cacheEntries         = 1000
	queryCacheBudget     = 16 << 20
	apqCacheBudget       = 4 << 20
	treeBytesPerTextByte = 48
)

func newQueryCache() graphql.Cache[*ast.QueryDocument] {
	return newSizedCache(cacheEntries, queryCacheBudget, func(query string, _ *ast.QueryDocument) int {
		return treeBytesPerTextByte * len(query)
	})
}

func newAPQCache() graphql.Cache[string] {
	return newSizedCache(cacheEntries, apqCacheBudget, func(hash, query string) int { return len(hash) + len(query) })
}
