// The demo tenant's vocabulary, built from the files in data/ as the bot builds it from the stored rows.
import { dataDir } from "../../src/appPaths";
import { readDemoData, vocabularyOfFiles } from "../../src/services/demoData";
import type { Vocabulary } from "../../src/language/vocabulary";

const demo = readDemoData(dataDir);

export const DEMO_VOCABULARY: Vocabulary = vocabularyOfFiles(demo.plans, demo.people);
