import { describe, expect, it } from "vitest";
import {
  keepsACoordinator,
  type Membership,
  type MembershipRule,
  mayOwnCommitments,
  ruleBrokenBy,
  ruleBrokenByChange,
} from "../../src/domain/membership.js";
import type { Role } from "../../src/domain/types.js";

const m = (role: Role, hasOrganization = true, ownsOpenCommitments = false): Membership => ({
  role,
  hasOrganization,
  ownsOpenCommitments,
});

describe("ruleBrokenBy: one membership's state", () => {
  it.each<[string, Membership, MembershipRule | undefined]>([
    ["a partner with an organization", m("partner"), undefined],
    ["a partner with none", m("partner", false), "partner_has_organization"],
    [
      "a partner with none who owns commitments",
      m("partner", false, true),
      "partner_has_organization",
    ],
    ["a coordinator with none", m("coordinator", false), undefined],
    ["an observer with none", m("observer", false), undefined],
    ["an observer who owns an open commitment", m("observer", true, true), "observer_owns_nothing"],
    ["a partner who owns open commitments", m("partner", true, true), undefined],
    ["a coordinator who owns open commitments", m("coordinator", false, true), undefined],
  ])("%s", (_, membership, rule) => {
    expect(ruleBrokenBy(membership)).toBe(rule);
  });
});

describe("ruleBrokenByChange: a role change or a removal", () => {
  it.each<[string, Membership, Membership | "removed", number, MembershipRule | undefined]>([
    ["the only coordinator steps down", m("coordinator"), m("partner"), 1, "keeps_a_coordinator"],
    [
      "the only coordinator becomes an observer",
      m("coordinator", false),
      m("observer", false),
      1,
      "keeps_a_coordinator",
    ],
    ["the only coordinator leaves", m("coordinator"), "removed", 1, "keeps_a_coordinator"],
    [
      "the only coordinator who owns work leaves: the coordinator rule first",
      m("coordinator", true, true),
      "removed",
      1,
      "keeps_a_coordinator",
    ],
    ["one of two coordinators steps down", m("coordinator"), m("partner"), 2, undefined],
    ["one of two coordinators leaves", m("coordinator"), "removed", 2, undefined],
    ["a coordinator stays one", m("coordinator"), m("coordinator"), 1, undefined],
    [
      "a partner who owns work leaves",
      m("partner", true, true),
      "removed",
      1,
      "owner_hands_over_first",
    ],
    ["a partner who owns nothing leaves", m("partner"), "removed", 1, undefined],
    [
      "a partner without an organization is made one",
      m("observer", false),
      m("partner", false),
      1,
      "partner_has_organization",
    ],
    [
      "a partner who owns work becomes an observer",
      m("partner", true, true),
      m("observer", true, true),
      1,
      "observer_owns_nothing",
    ],
    ["a partner who owns nothing becomes an observer", m("partner"), m("observer"), 1, undefined],
    [
      "a coordinator of two without organization becomes a partner",
      m("coordinator", false),
      m("partner", false),
      2,
      "partner_has_organization",
    ],
  ])("%s", (_, before, after, coordinators, rule) => {
    expect(ruleBrokenByChange(before, after, coordinators)).toBe(rule);
  });
});

describe("who may own commitments, and whether a partnership keeps a coordinator", () => {
  it.each<[Role, boolean]>([
    ["coordinator", true],
    ["partner", true],
    ["observer", false],
  ])("%s may own commitments: %s", (role, may) => {
    expect(mayOwnCommitments(role)).toBe(may);
  });

  it.each<[Role[], boolean]>([
    [[], false],
    [["partner", "observer"], false],
    [["observer", "coordinator"], true],
  ])("%j keeps a coordinator: %s", (roles, keeps) => {
    expect(keepsACoordinator(roles)).toBe(keeps);
  });
});
