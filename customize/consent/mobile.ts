/** The consent app's mobile customization: validation and derivation on the record screens. */
import { registerForm } from "../lib/form.ts";
import { consentForm } from "./rules.ts";

registerForm("mobile", consentForm);
