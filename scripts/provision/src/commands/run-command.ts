/** Dispatches a parsed command line to its command. */

import { addTeammateCommand } from "./add-teammate.js";
import type { ParsedCommand } from "./arguments.js";
import type { Io } from "./command-setup.js";
import { doctorCommand } from "./doctor.js";
import { provisionCommand } from "./provision.js";
import { rotateCommand } from "./rotate.js";

export function runCommand(parsed: ParsedCommand, io: Io): Promise<number> {
  switch (parsed.command) {
    case "provision":
      return provisionCommand(parsed, io);
    case "add-teammate":
      return addTeammateCommand(parsed, io);
    case "rotate":
      return rotateCommand(parsed, io);
    case "doctor":
      return doctorCommand(parsed, io);
  }
}
