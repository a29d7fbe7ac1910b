package cvmsim

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
)

// kind is the JSON type a parameter must have.
type kind int

const (
	kString kind = iota
	kInteger
	kUnsigned
	kBool
	kStrings
	kObject
	kObjects
)

var kindNames = map[kind]string{
	kString: "a string", kInteger: "an integer", kUnsigned: "a non-negative integer", kBool: "a boolean",
	kStrings: "an array of strings", kObject: "an object", kObjects: "an array of objects",
}

// param is one parameter of an action's schema; fields describe the members of objects.
type param struct {
	kind     kind
	required bool
	fields   schema
}

// schema maps parameter names to their rules. Actions declare theirs as data (see actions.go) and
// one checker enforces them on the raw JSON, before any decoding can hide a stray key or a wrong type.
type schema map[string]param

func opt(k kind) param               { return param{kind: k} }
func req(k kind) param               { return param{kind: k, required: true} }
func optObjects(fields schema) param { return param{kind: kObjects, fields: fields} }
func reqObjects(fields schema) param { return param{kind: kObjects, required: true, fields: fields} }

var (
	filterSchema           = schema{"Name": req(kString), "Values": req(kStrings)}
	cvmTagSchema           = schema{"Key": req(kString), "Value": req(kString)}
	tagSpecificationSchema = schema{"ResourceType": req(kString), "Tags": reqObjects(cvmTagSchema)}
)

// checkParams answers UnknownParameter, MissingParameter or InvalidParameter for a body that does
// not fit the schema.
func checkParams(body []byte, sc schema) *apiError {
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil || obj == nil {
		return errorf("InvalidParameter", "The request body is not a JSON object.")
	}
	return checkObject("", obj, sc)
}

func checkObject(prefix string, obj map[string]json.RawMessage, sc schema) *apiError {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, ok := sc[k]; !ok {
			return errorf("UnknownParameter", "The parameter `%s%s` is not recognized.", prefix, k)
		}
	}
	names := make([]string, 0, len(sc))
	for k := range sc {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		p := sc[name]
		v, ok := obj[name]
		if !ok || string(bytes.TrimSpace(v)) == "null" {
			if p.required {
				return errorf("MissingParameter", "The request is missing the required parameter `%s%s`.", prefix, name)
			}
			continue
		}
		if e := checkValue(prefix+name, v, p); e != nil {
			return e
		}
	}
	return nil
}

func checkValue(name string, v json.RawMessage, p param) *apiError {
	bad := errorf("InvalidParameter", "The parameter `%s` must be %s.", name, kindNames[p.kind])
	var x any
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	if dec.Decode(&x) != nil {
		return bad
	}
	switch p.kind {
	case kString:
		if _, ok := x.(string); !ok {
			return bad
		}
	case kBool:
		if _, ok := x.(bool); !ok {
			return bad
		}
	case kInteger, kUnsigned:
		n, ok := x.(json.Number)
		if !ok {
			return bad
		}
		if p.kind == kInteger {
			if _, err := strconv.ParseInt(n.String(), 10, 64); err != nil {
				return bad
			}
		} else if _, err := strconv.ParseUint(n.String(), 10, 64); err != nil {
			return bad
		}
	case kStrings:
		arr, ok := x.([]any)
		if !ok {
			return bad
		}
		for _, e := range arr {
			if _, ok := e.(string); !ok {
				return bad
			}
		}
	case kObject:
		var obj map[string]json.RawMessage
		if json.Unmarshal(v, &obj) != nil || obj == nil {
			return bad
		}
		return checkObject(name+".", obj, p.fields)
	case kObjects:
		var arr []json.RawMessage
		if json.Unmarshal(v, &arr) != nil {
			return bad
		}
		for i, e := range arr {
			var obj map[string]json.RawMessage
			if json.Unmarshal(e, &obj) != nil || obj == nil {
				return bad
			}
			if err := checkObject(name+"."+strconv.Itoa(i)+".", obj, p.fields); err != nil {
				return err
			}
		}
	}
	return nil
}
