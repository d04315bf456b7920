/** All problems found in the permission manifests at once, one line each (`file: path: what is wrong`). */
import { ProvisionError } from "../errors.js";

export class ManifestError extends ProvisionError {
  constructor(readonly problems: string[]) {
    super(
      `${problems.length === 1 ? "A permission manifest has a problem" : `Permission manifests have ${problems.length} problems`}:\n${problems.map((p) => `  ${p}`).join("\n")}`,
      { fix: "correct the manifest(s) named above and run the command again." },
    );
    this.name = "ManifestError";
  }
}
