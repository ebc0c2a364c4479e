package bootstrap

import (
	"flag"
	"fmt"

	"harriet/adapters/keys"
)

// flagValue remembers whether a setting's flag was given, so the flag wins over
// the variable only when present.
type flagValue struct {
	val    string
	set    bool
	isBool bool
}

func (f *flagValue) String() string   { return f.val }
func (f *flagValue) IsBoolFlag() bool { return f.isBool }

func (f *flagValue) Set(v string) error {
	f.val, f.set = v, true
	return nil
}

// settingFlags are the settings registered on one command's flag set.
type settingFlags map[string]*flagValue

// addSettings registers every setting of SPEC.md's table on fs; every command
// that opens the store takes them.
func addSettings(fs *flag.FlagSet) settingFlags {
	sf := settingFlags{}
	for _, s := range settings {
		v := &flagValue{isBool: s.isBool}
		usage := s.usage + " (env " + s.env
		if s.def != "" {
			usage += ", default " + s.def
		}
		fs.Var(v, s.flag, usage+")")
		sf[s.flag] = v
	}
	return sf
}

// resolve builds the Config: for each setting the flag when given, else its
// variable when set, else the default. A bad value gives one line that names the
// setting (flag or variable, whichever was used) and what is wrong.
func (sf settingFlags) resolve(env func(string) string) (Config, error) {
	c := Config{from: map[string]string{}}
	for _, s := range settings {
		name, val := "default of --"+s.flag, s.def
		if fv := sf[s.flag]; fv != nil && fv.set {
			name, val = "--"+s.flag, fv.val
		} else if e := env(s.env); e != "" {
			name, val = s.env, e
		}
		if err := s.apply(&c, val); err != nil {
			return Config{}, fmt.Errorf("bad setting %s: %v", name, err)
		}
		c.from[s.flag] = name
	}
	return c, sf.resolveKey(&c, env)
}

// resolveKey applies the key's precedence: --secret-key-file, else one of
// HARRIET_SECRET_KEY_FILE and HARRIET_SECRET_KEY.
func (sf settingFlags) resolveKey(c *Config, env func(string) string) error {
	if fv := sf["secret-key-file"]; fv != nil && fv.set {
		if fv.val == "" {
			return fmt.Errorf("bad setting --secret-key-file: it is empty")
		}
		return nil // the flag wins over both variables
	}
	c.SecretKey = env("HARRIET_SECRET_KEY")
	if c.SecretKey == "" {
		return nil
	}
	if c.SecretKeyFile != "" {
		return fmt.Errorf("bad setting HARRIET_SECRET_KEY: %v", errBothKeys)
	}
	if _, err := keys.Parse(c.SecretKey); err != nil {
		return fmt.Errorf("bad setting HARRIET_SECRET_KEY: %v", err) // never the value: it is the key
	}
	return nil
}

// LoadConfig reads the settings from flag-style args (settings flags only, as
// `harriet serve` takes them) and the environment, with the flag winning.
func LoadConfig(args []string, env func(string) string) (Config, error) {
	fs := flag.NewFlagSet("harriet", flag.ContinueOnError)
	fs.SetOutput(discard{})
	sf := addSettings(fs)
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return sf.resolve(env)
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
