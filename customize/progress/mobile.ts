/**
 * The progress app's mobile customization: validation and derivation on the record screens, and
 * the search bar on the list.
 */
import { registerForm } from "../lib/form.ts";
import { progressForm } from "./rules.ts";
import { installSearchBar } from "./searchBar.ts";

registerForm("mobile", progressForm);
installSearchBar("mobile");
