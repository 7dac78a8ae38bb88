/** The registration app's mobile customization: validation and derivation on the record screens. */
import { registerForm } from "../lib/form.ts";
import { registrationForm } from "./rules.ts";

registerForm("mobile", registrationForm);
