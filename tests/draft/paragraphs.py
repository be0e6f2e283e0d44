"""Methods paragraphs written for these tests (none copied from a paper), each with the verdicts its draft must
give. They cover the study kinds of the examples: hand-crafted radiomics, end-to-end networks, deep features with a
classical classifier, fused features, automated delineation with and without correction, negation."""

RADIOMICS = """\
2. Materials and methods

2.1 Patients
This retrospective study included a total of 212 patients from two centres.

2.2 Imaging and segmentation
Contrast-enhanced CT images were resampled to an isotropic voxel size of 1 mm. Tumours were segmented manually on
each slice by two radiologists using ITK-SNAP, without automatic pre-segmentation (Fig. 1).

2.3 Features
Radiomic features (first-order, GLCM, GLRLM) were extracted with PyRadiomics following the IBSI, with a bin width of
25 HU. Features with an ICC below 0.75 were removed, and LASSO was used to select features in the training cohort
only. No oversampling was performed.

2.4 Modelling
An SVM and a random forest were compared to differentiate benign from malignant masses with 5-fold
cross-validation. Performance was reported as the AUC with 95% confidence intervals.

3. Results
The AUC was 0.91 in the test set.
"""

END_TO_END = """\
Methods
Knee radiographs of 1,024 children were collected. A ResNet-34 pretrained on ImageNet was fine-tuned to estimate
bone age. Images were resized to 512 x 512 pixels and augmented with random flips and rotations.
"""

DEEP_FEATURES_SVM = """\
Methods
Chest X-ray images were cropped to the lung fields. Deep features were taken from the penultimate layer of a
DenseNet-121 pretrained on ImageNet, whose weights were kept frozen. The features were fed to a support vector
machine that classified pneumonia versus normal.
"""

AUTOMATED_UNCORRECTED = """\
Methods
Prostate MRI examinations were segmented automatically with nnU-Net without any manual correction. Radiomic features
were extracted from the masks with PyRadiomics and a logistic regression model predicted clinically significant cancer.
"""

AUTOMATED_CORRECTED = """\
Methods
Liver lesions on CT were first segmented automatically with TotalSegmentator, and the contours were then
manually corrected by a radiologist. Texture features were extracted with LIFEx and a random forest classified the
lesions.
"""

UNSTATED_MODE = """\
Methods
Tumours on MRI were segmented. Radiomic features were extracted with PyRadiomics, and an XGBoost classifier predicted
the tumour grade.
"""

NEGATED = """\
Methods
CT scans were used. Radiomic features were computed with PyRadiomics from manually drawn regions of interest. No
feature selection was performed. A logistic regression model was used instead of a CNN.
"""

FUSED = """\
Methods
Tumours were delineated manually on PET/CT by one nuclear medicine physician. Hand-crafted radiomic features were
extracted with PyRadiomics, and deep features were extracted from the last pooling layer of a ResNet-50. The
hand-crafted and deep features were concatenated, and an MLP classified responders versus non-responders.
"""

NOMOGRAM = """\
Materials and Methods
Radiomic features were extracted with PyRadiomics from manually segmented tumours on MRI. The LASSO was used to
select features and build a radiomics signature. A nomogram combining the radiomics signature with clinical risk
factors was constructed to predict lymph node metastasis.
"""

NOTHING = """\
Methods
Patients with and without recurrence were compared for age and tumour size with the Mann-Whitney U test. Two nurses
recorded the follow-up visits, and survival was estimated with the Kaplan-Meier method.
"""

TRAINED_ON_READER_MASKS = """\
Methods
On 1,200 chest radiographs, one thoracic radiologist outlined every nodule by hand. These masks were used to train
a U-Net, which then segmented the nodules of all test images without human input. Radiomic features were extracted
from the predicted masks with PyRadiomics and a logistic regression classified the nodules as benign or malignant.
"""

REVIEW = """\
Methods
This systematic review followed PRISMA. PubMed and Embase were searched for studies that trained a CNN or extracted
radiomic features with PyRadiomics from CT to predict EGFR status. Two reviewers extracted the segmentation method
and the model type of each study.
"""

AVERAGED_SLICES = """\
Methods
Each axial CT slice was classified by a DenseNet-121 fine-tuned from ImageNet weights, and the slice-level
probabilities were averaged to give one prediction of malignancy per patient.
"""

RADIOMICS_PLUS_AGE = """\
Methods
Tumours were segmented manually on MRI. Radiomic features were extracted with PyRadiomics, and a random forest was
trained on them plus age and tumour size to predict recurrence.
"""

CONSIDERED_NOT_USED = """\
Methods
We considered training a CNN on the CT volumes, but the cohort was too small. Instead, tumours were contoured by a
radiologist, radiomic features were computed with PyRadiomics, and an SVM predicted nodal status.
"""

DISTILLED = """\
Methods
A 3D DenseNet-121 trained from scratch on 5,000 chest CT scans served as the teacher. A small 2D MobileNetV2 was then
trained by knowledge distillation from the teacher's soft outputs to classify each scan as normal or abnormal; only
the student reads scans at inference.
"""

FEATURE_MAPS = """\
Methods
Lesions were outlined manually on MRI. Voxel-wise radiomic feature maps (GLCM entropy and contrast) were computed with
PyRadiomics around each lesion, and a 3D CNN trained from scratch on these maps alone, without the MR images,
predicted recurrence.
"""
