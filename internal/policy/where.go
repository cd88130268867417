package policy

import (
	"context"
	"reflect"
	"strings"
)

// restrictors holds, for each generated where-input type, how to add its
// entity's visibility predicate to it (filled by entity).
var restrictors = map[reflect.Type]func(ctx context.Context, where any) error{}

// RestrictWhere makes a where-filter argument exact: ent privacy filters
// the rows a query returns, but a has...With predicate is compiled into a
// sub-select that privacy never sees, so without this
// projects(where: {hasTasksWith: {name: "x"}}) would tell whether a hidden
// task is called x. Every related-row filter of where -- hasXWith, and
// hasX, which is hasXWith with no condition -- is restricted, at every
// depth, to the related rows the viewer may see. Anything that is not a
// generated where input is left alone.
//
// The generated inputs share one shape (Not, And, Or, HasXWith, HasX), so
// one walk over that shape serves them all instead of one walk per type.
func RestrictWhere(ctx context.Context, where any) error {
	v := reflect.ValueOf(where)
	if v.Kind() != reflect.Pointer || v.IsNil() || restrictors[v.Type()] == nil {
		return nil
	}
	s := v.Elem()
	for i := 0; i < s.NumField(); i++ {
		name, f := s.Type().Field(i).Name, s.Field(i)
		switch {
		case name == "Not":
			if err := RestrictWhere(ctx, f.Interface()); err != nil {
				return err
			}
		case name == "And" || name == "Or":
			for j := 0; j < f.Len(); j++ {
				if err := RestrictWhere(ctx, f.Index(j).Interface()); err != nil {
					return err
				}
			}
		case strings.HasPrefix(name, "Has") && strings.HasSuffix(name, "With"):
			if err := restrictEdge(ctx, s, name, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// restrictEdge restricts the filter HasXWith of the input s (and its
// sibling HasX, rewritten as HasXWith with an empty condition).
func restrictEdge(ctx context.Context, s reflect.Value, name string, with reflect.Value) error {
	if has := s.FieldByName(strings.TrimSuffix(name, "With")); has.IsValid() && !has.IsNil() {
		exists := has.Elem().Bool()
		has.SetZero()
		any := reflect.New(with.Type().Elem().Elem()) // an empty input: "some related row"
		cond := reflect.Append(reflect.Zero(with.Type()), any)
		if exists {
			with.Set(reflect.AppendSlice(with, cond))
		} else {
			// hasX: false is not(hasXWith: [{}]), added to And.
			not := reflect.New(s.Type())
			not.Elem().FieldByName(name).Set(cond)
			wrapper := reflect.New(s.Type())
			wrapper.Elem().FieldByName("Not").Set(not)
			and := s.FieldByName("And")
			and.Set(reflect.Append(and, wrapper))
			if err := RestrictWhere(ctx, wrapper.Interface()); err != nil {
				return err
			}
		}
	}
	for j := 0; j < with.Len(); j++ {
		related := with.Index(j).Interface()
		if err := RestrictWhere(ctx, related); err != nil {
			return err
		}
		if add := restrictors[with.Index(j).Type()]; add != nil {
			if err := add(ctx, related); err != nil {
				return err
			}
		}
	}
	return nil
}
