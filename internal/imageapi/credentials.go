package imageapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Environment variables of the credential chain. TENCENTCLOUD_PROFILE is the one the official
// Terraform provider reads to pick a tccli profile.
const (
	EnvSecretID      = "TENCENTCLOUD_SECRET_ID"
	EnvSecretKey     = "TENCENTCLOUD_SECRET_KEY"
	EnvSecurityToken = "TENCENTCLOUD_SECURITY_TOKEN"
	EnvRegion        = "TENCENTCLOUD_REGION"
	EnvProfile       = "TENCENTCLOUD_PROFILE"
)

// DefaultProfile is the tccli profile used when none is named.
const DefaultProfile = "default"

// Credentials are an API key pair, an optional STS token, and a region.
type Credentials struct {
	SecretID      string
	SecretKey     string
	SecurityToken string
	Region        string
	// Source says where the key pair came from, in words for messages: never a secret.
	Source string
}

// CredentialChain finds credentials: explicit values first, then the environment, then the tccli
// profile files ~/.tccli/<profile>.credential and ~/.tccli/<profile>.configure.
type CredentialChain struct {
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// Home is the directory holding .tccli; empty means the user's home directory.
	Home string
}

// ResolveCredentials runs the default chain (the process environment and home directory).
func ResolveCredentials(explicit Credentials, profile string) (Credentials, error) {
	return CredentialChain{}.Resolve(explicit, profile)
}

// Resolve returns the first complete key pair, taking the token from the same source as the pair
// (a token never belongs to another key), and the region from the first source that names one.
// A source that gives only half of a pair is an error, not skipped: it is almost always a typo.
// profile "" means TENCENTCLOUD_PROFILE, then "default". Errors never contain a secret.
func (ch CredentialChain) Resolve(explicit Credentials, profile string) (Credentials, error) {
	getenv := ch.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	env := Credentials{
		SecretID: getenv(EnvSecretID), SecretKey: getenv(EnvSecretKey),
		SecurityToken: getenv(EnvSecurityToken), Region: getenv(EnvRegion),
	}
	if profile == "" {
		profile = getenv(EnvProfile)
	}
	if profile == "" {
		profile = DefaultProfile
	}

	var out Credentials
	switch {
	case explicit.SecretID != "" || explicit.SecretKey != "":
		if err := checkPair(explicit, "secret_id", "secret_key", "the provider configuration"); err != nil {
			return Credentials{}, err
		}
		out = explicit
		out.Source = "the provider block (secret_id, secret_key)"
	case env.SecretID != "" || env.SecretKey != "":
		if err := checkPair(env, EnvSecretID, EnvSecretKey, "the environment"); err != nil {
			return Credentials{}, err
		}
		out = env
		out.Source = "the environment (" + EnvSecretID + ", " + EnvSecretKey + ")"
	}
	out.Region = firstNonEmpty(explicit.Region, env.Region)

	if out.SecretID != "" && out.Region != "" {
		return out, nil
	}
	file, found, err := ch.readProfile(profile)
	if err != nil {
		return Credentials{}, err
	}
	if out.SecretID == "" {
		if !found || (file.SecretID == "" && file.SecretKey == "") {
			where := fmt.Sprintf("no keys in tccli profile %q under %s", profile, ch.tccliDir())
			return Credentials{}, fmt.Errorf("no Tencent Cloud credentials: set %s and %s (and %s for temporary credentials), "+
				"or run `tccli configure` (%s)", EnvSecretID, EnvSecretKey, EnvSecurityToken, where)
		}
		if err := checkPair(file, "secretId", "secretKey", ch.profilePath(profile, "credential")); err != nil {
			return Credentials{}, err
		}
		out.SecretID, out.SecretKey, out.SecurityToken = file.SecretID, file.SecretKey, file.SecurityToken
		out.Source = "the tccli profile " + ch.profilePath(profile, "credential")
	}
	out.Region = firstNonEmpty(out.Region, file.Region)
	return out, nil
}

// checkPair rejects half a key pair, naming what to set and where, never the values.
func checkPair(c Credentials, idName, keyName, source string) error {
	switch {
	case c.SecretID == "":
		return fmt.Errorf("%s is set in %s but %s is not: set both", keyName, source, idName)
	case c.SecretKey == "":
		return fmt.Errorf("%s is set in %s but %s is not: set both", idName, source, keyName)
	}
	return nil
}

func (ch CredentialChain) tccliDir() string {
	home := ch.Home
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, ".tccli")
}

func (ch CredentialChain) profilePath(profile, kind string) string {
	return filepath.Join(ch.tccliDir(), profile+"."+kind)
}

// readProfile reads a tccli profile. found is false when neither file exists.
func (ch CredentialChain) readProfile(profile string) (c Credentials, found bool, err error) {
	var cred struct {
		SecretID  string `json:"secretId"`
		SecretKey string `json:"secretKey"`
		Token     string `json:"token"`
	}
	credFound, err := readJSON(ch.profilePath(profile, "credential"), &cred)
	if err != nil {
		return Credentials{}, false, err
	}
	// tccli writes the region under "_sys_param"; a top-level "region" is accepted as well.
	var conf struct {
		SysParam struct {
			Region string `json:"region"`
		} `json:"_sys_param"`
		Region string `json:"region"`
	}
	confFound, err := readJSON(ch.profilePath(profile, "configure"), &conf)
	if err != nil {
		return Credentials{}, false, err
	}
	return Credentials{
		SecretID: cred.SecretID, SecretKey: cred.SecretKey, SecurityToken: cred.Token,
		Region: firstNonEmpty(conf.SysParam.Region, conf.Region),
	}, credFound || confFound, nil
}

// readJSON decodes a file if it exists. Its errors name the file and a position or field, never
// the text of the file.
func readJSON(path string, v any) (bool, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reading %s: %w", path, err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		// A syntax error quotes the offending character, which may belong to a secret: give the offset only.
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return false, fmt.Errorf("%s is not valid JSON (syntax error at byte %d)", path, syntax.Offset)
		}
		return false, fmt.Errorf("%s does not hold the expected JSON: %w", path, err)
	}
	return true, nil
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
