import { DomainError } from "../../../domain/errors.js";
import { literal, say, typed, type Wording } from "../../../domain/wording.js";
import type { UserRef } from "../../../services/members.js";
import { parseUserRef, phrase, type Token, tokenize } from "../../parsers/mentions.js";
import {
  memberAdded,
  memberListMessage,
  memberMoved,
  memberRemoved,
  memberRoleChanged,
} from "../../views/members.js";
import type { SubcommandHandler } from "./types.js";

export const MEMBER_USAGE = say`Usage: ${literal("/poc member add @user <organization|-> [coordinator|partner|observer]")} · ${literal("/poc member list")} · ${literal("/poc member role @user <coordinator|partner|observer>")} · ${literal("/poc member move @user <organization|->")} · ${literal("/poc member remove @user")}.`;

function usage(reason: Wording): DomainError {
  return new DomainError("invalid_input", say`${reason} ${MEMBER_USAGE}`);
}

/** The person a verb is about: the first token, which must be able to name someone. */
function person(tokens: readonly Token[], verb: string): UserRef {
  const first = tokens[0];
  if (first === undefined)
    throw usage(say`${literal(`/poc member ${verb}`)} needs a person (@user).`);
  const ref = parseUserRef(first);
  if (ref === undefined) {
    throw usage(say`${typed(first.text)} does not name a person; mention them with @.`);
  }
  return ref;
}

/** `/poc member add|list|role|move|remove`: parses the words and calls one members service. */
export const memberCommand: SubcommandHandler = async ({ caller, command, now, services }) => {
  const verb = (command.args[0] ?? "").toLowerCase();
  const tokens = tokenize(command.rest.slice((command.args[0] ?? "").length));
  const members = services.members;
  switch (verb) {
    case "add": {
      const user = person(tokens, "add");
      if (tokens.length < 2) {
        throw usage(
          say`${literal("/poc member add")} needs their organization after the person (${literal("-")} for none, for observers and coordinators).`,
        );
      }
      const words = tokens.slice(1).map((t) => t.text);
      return memberAdded(await members.add(caller, { user, words }, now));
    }
    case "list": {
      if (tokens.length > 0) throw usage(say`${literal("/poc member list")} takes no arguments.`);
      return memberListMessage(members.list(caller, now));
    }
    case "role": {
      const user = person(tokens, "role");
      if (tokens.length !== 2)
        throw usage(say`${literal("/poc member role")} needs a person and one role.`);
      const { member, previous } = await members.setRole(
        caller,
        user,
        (tokens[1] as Token).text,
        now,
      );
      return memberRoleChanged(member, previous);
    }
    case "move": {
      const user = person(tokens, "move");
      if (tokens.length < 2) {
        throw usage(
          say`${literal("/poc member move")} needs the organization to move them to (${literal("-")} for none).`,
        );
      }
      const { member, from, to } = await members.move(caller, user, phrase(tokens.slice(1)), now);
      return memberMoved(member, from, to);
    }
    case "remove": {
      const user = person(tokens, "remove");
      if (tokens.length !== 1) throw usage(say`${literal("/poc member remove")} takes one person.`);
      return memberRemoved(await members.remove(caller, user, now));
    }
    case "":
      throw usage(say`${literal("/poc member")} needs what to do.`);
    default:
      throw new DomainError(
        "unknown_command",
        say`I don't know ${typed(`/poc member ${command.args[0]}`)}. ${MEMBER_USAGE}`,
      );
  }
};
