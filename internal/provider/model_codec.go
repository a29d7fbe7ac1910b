package provider

// Reading a request's plan or state into a model, and writing a model into a response's state,
// on the paths a refreshing plan takes for every resource (Read, ModifyPlan). The framework's
// Get and Set find a model's fields by reflection on every call, compiling a regular expression
// per field to check its tfsdk tag: about a hundred compilations per resource and plan. Here the
// fields of each model type are found once; the values convert through the schema's own
// attribute types, as the framework converts them. Anything unexpected falls back to the
// framework's Get and Set, which then say what is wrong.

import (
	"context"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// typedSchema is what the codec needs of a schema: its object type.
type typedSchema interface {
	Type() attr.Type
}

// modelCodec maps one model type to the attributes of its schema.
type modelCodec struct {
	objType tftypes.Type
	fields  []modelField
}

type modelField struct {
	name  string
	index []int     // into the model, through embedded structs
	typ   attr.Type // the schema attribute's type
}

// modelCodecs caches a *modelCodec per model type, or nil when the type cannot be coded here.
var modelCodecs sync.Map

func codecFor(ctx context.Context, t reflect.Type, s typedSchema) *modelCodec {
	if c, ok := modelCodecs.Load(t); ok {
		return c.(*modelCodec)
	}
	c := newModelCodec(ctx, t, s)
	modelCodecs.Store(t, c)
	return c
}

func newModelCodec(ctx context.Context, t reflect.Type, s typedSchema) *modelCodec {
	obj, ok := s.Type().(basetypes.ObjectType)
	if !ok {
		return nil
	}
	c := &modelCodec{objType: obj.TerraformType(ctx)}
	attrValue := reflect.TypeFor[attr.Value]()
	var walk func(t reflect.Type, prefix []int) bool
	walk = func(t reflect.Type, prefix []int) bool {
		for i := range t.NumField() {
			f := t.Field(i)
			index := append(append([]int(nil), prefix...), i)
			tag, tagged := f.Tag.Lookup("tfsdk")
			switch {
			case f.Anonymous && !tagged && f.Type.Kind() == reflect.Struct:
				if !walk(f.Type, index) {
					return false
				}
			case tag == "-":
			case !tagged || !f.IsExported() || !f.Type.Implements(attrValue):
				return false
			default:
				typ, ok := obj.AttrTypes[tag]
				if !ok {
					return false
				}
				c.fields = append(c.fields, modelField{name: tag, index: index, typ: typ})
			}
		}
		return true
	}
	if !walk(t, nil) || len(c.fields) != len(obj.AttrTypes) {
		return nil
	}
	return c
}

// decode fills the model target points at from raw, or reports false.
func (c *modelCodec) decode(ctx context.Context, raw tftypes.Value, target reflect.Value) bool {
	if c == nil || !raw.Type().Equal(c.objType) || !raw.IsKnown() || raw.IsNull() {
		return false
	}
	var vals map[string]tftypes.Value
	if raw.As(&vals) != nil {
		return false
	}
	for _, f := range c.fields {
		v, err := f.typ.ValueFromTerraform(ctx, vals[f.name])
		if err != nil {
			return false
		}
		fv, rv := target.FieldByIndex(f.index), reflect.ValueOf(v)
		if !rv.Type().AssignableTo(fv.Type()) {
			return false
		}
		fv.Set(rv)
	}
	return true
}

// encode is the model src as a value of the schema's object type, or false.
func (c *modelCodec) encode(ctx context.Context, src reflect.Value) (tftypes.Value, bool) {
	if c == nil {
		return tftypes.Value{}, false
	}
	vals := make(map[string]tftypes.Value, len(c.fields))
	for _, f := range c.fields {
		v, err := src.FieldByIndex(f.index).Interface().(attr.Value).ToTerraformValue(ctx)
		if err != nil {
			return tftypes.Value{}, false
		}
		vals[f.name] = v
	}
	if tftypes.ValidateValue(c.objType, vals) != nil {
		return tftypes.Value{}, false
	}
	return tftypes.NewValue(c.objType, vals), true
}

// getModel reads raw, data of schema s, into the model target points at; get is the framework's
// Get of the same data, for what the codec does not take.
func getModel(ctx context.Context, raw tftypes.Value, s typedSchema, target any, get func(context.Context, any) diag.Diagnostics) diag.Diagnostics {
	rv := reflect.ValueOf(target)
	if rv.Kind() == reflect.Pointer && rv.Elem().Kind() == reflect.Struct {
		if codecFor(ctx, rv.Elem().Type(), s).decode(ctx, raw, rv.Elem()) {
			return nil
		}
	}
	return get(ctx, target)
}

// setModel writes the model src points at through set, the framework's Set of a state.
func setModel(ctx context.Context, s typedSchema, src any, set func(context.Context, any) diag.Diagnostics) diag.Diagnostics {
	rv := reflect.ValueOf(src)
	if rv.Kind() == reflect.Pointer && rv.Elem().Kind() == reflect.Struct {
		if v, ok := codecFor(ctx, rv.Elem().Type(), s).encode(ctx, rv.Elem()); ok {
			return set(ctx, v)
		}
	}
	return set(ctx, src)
}

// stateGet is st.Get through the codec.
func stateGet(ctx context.Context, st tfsdk.State, target any) diag.Diagnostics {
	return getModel(ctx, st.Raw, st.Schema, target, st.Get)
}

// stateSet is st.Set through the codec.
func stateSet(ctx context.Context, st *tfsdk.State, src any) diag.Diagnostics {
	return setModel(ctx, st.Schema, src, st.Set)
}

// rawAttribute is the top-level attribute name of object data raw, without the schema walk of
// the framework's GetAttribute; ok is false when raw holds no such attribute.
func rawAttribute(raw tftypes.Value, name string) (v tftypes.Value, ok bool) {
	var vals map[string]tftypes.Value
	if raw.IsNull() || !raw.IsKnown() || raw.As(&vals) != nil {
		return tftypes.Value{}, false
	}
	v, ok = vals[name]
	return v, ok
}
